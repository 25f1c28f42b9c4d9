package dev.cpotoolkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the repository's {@code ./cpo} launcher (the packaged jar, as users run it) for integration tests. */
final class Launcher {

    /** The repository root, seen from the cli module. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Launcher() {}

    /**
     * Runs {@code ./cpo arguments...} in {@code work} with {@code env} added to
     * the environment (and no rebuild), requiring exit code 0 within 300 s.
     *
     * @return standard output and error, interleaved
     */
    static String run(Path work, Map<String, String> env, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("cpo").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("CPO_NO_BUILD", "1");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
