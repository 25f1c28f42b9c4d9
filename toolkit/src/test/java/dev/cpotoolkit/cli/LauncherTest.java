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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code ./cpo} script, end to end, from a foreign working directory.
 * Runs only when the jar has been packaged (never during a first {@code mvn test});
 * {@code CPO_NO_BUILD=1} keeps the script from starting Maven inside Maven.
 */
class LauncherTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void helpRunsFromAnyDirectory(@TempDir Path elsewhere) throws IOException, InterruptedException {
        Path script = ROOT.resolve("cpo");
        assumeTrue(Files.isRegularFile(ROOT.resolve("toolkit/target/cpo-toolkit.jar")), "jar not packaged yet");
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
}
