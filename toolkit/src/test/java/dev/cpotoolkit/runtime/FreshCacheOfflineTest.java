package dev.cpotoolkit.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the engine in a fresh JVM with an empty DJL cache, no DJL settings of
 * its own and every HTTP(S) connection routed to a dead loopback proxy: the
 * toolkit alone must make DJL work offline, unpacking libtorch from the
 * classpath.
 */
class FreshCacheOfflineTest {

    @Test
    void engineStartsFromAnEmptyCacheWithoutNetwork(@TempDir Path home) throws Exception {
        Path cache = home.resolve("djl.ai");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp", System.getProperty("java.class.path"),
                "-DDJL_CACHE_DIR=" + cache,
                "-DENGINE_CACHE_DIR=" + cache,
                "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9",
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
                "-Duser.home=" + home,
                EngineCheck.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("DJL_") || key.startsWith("PYTORCH_")
                || key.equals("OPT_OUT_TRACKING") || key.equals("RUST_FLAVOR"));
        env.put("http_proxy", "http://127.0.0.1:9");
        env.put("https_proxy", "http://127.0.0.1:9");

        Process process = builder.start();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "engine check did not finish:\n" + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("[1,2].[3,4] = 11.0"), output);
        assertTrue(containsNativeLibrary(cache), "libtorch was not unpacked into the fresh cache " + cache);
    }

    private static boolean containsNativeLibrary(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(cache)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("libtorch"));
        }
    }
}
