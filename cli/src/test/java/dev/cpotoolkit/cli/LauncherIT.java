package dev.cpotoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code ./cpo} script and the packaged jar, end to end, from a foreign
 * working directory: an integration test (failsafe, after {@code package}), so
 * the manifest, the {@code lib/} class path and the bundled dataset are the
 * ones users get. {@code CPO_NO_BUILD=1} keeps the script from starting Maven
 * inside Maven.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void helpRunsFromAnyDirectory(@TempDir Path elsewhere) throws IOException, InterruptedException {
        Path script = ROOT.resolve("cpo");
        assertTrue(Files.isRegularFile(ROOT.resolve("cli/target/cpo-toolkit.jar")), "runs after package");
        assertTrue(Files.isExecutable(script), "./cpo must be executable");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "--help").directory(elsewhere.toFile())
                .redirectErrorStream(true);
        builder.environment().put("CPO_NO_BUILD", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.startsWith("Usage: cpo"), output);
        assertTrue(output.contains("train") && output.contains("evaluate") && output.contains("generate"), output);
    }

    @Test
    void embeddedDefaultTrainsFromTheJar(@TempDir Path elsewhere) throws IOException, InterruptedException {
        Path script = ROOT.resolve("cpo");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "train", "--max-steps", "12",
                "--logging-steps", "4", "--save-steps", "0", "--no-progress", "--output", "run")
                .directory(elsewhere.toFile()).redirectErrorStream(true);
        builder.environment().put("CPO_NO_BUILD", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("rewards/margins"), output);
        // The commands printed at the end call the launcher as it was called, so they run from here too.
        assertTrue(output.contains("  " + script + " generate --model run/final --prompt hello"), output);
        for (String file : new String[] {"metrics.csv", "charts/reward_margins.png", "final/model.safetensors",
                "final/tokenizer.json", "cpo_config.json"}) {
            assertTrue(Files.isRegularFile(elsewhere.resolve("run").resolve(file)), file + "\n" + output);
        }
    }
}
