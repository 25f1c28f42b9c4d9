package dev.cpotoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the {@code ./cpo} launcher rebuilds: when an input's bytes changed, not
 * when a file was merely rewritten with the same bytes (a dataset regenerated
 * identically). Runs the real script in a repository of a few files, with the
 * real jar linked in and a stand-in {@code mvn} that records its calls.
 */
class LauncherRebuildIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void rebuildsForChangedBytesOnly(@TempDir Path repo) throws IOException, InterruptedException {
        Path script = Files.copy(ROOT.resolve("cpo"), repo.resolve("cpo"));
        assertTrue(script.toFile().setExecutable(true));
        Files.createDirectories(repo.resolve("cli/target"));
        Files.createSymbolicLink(repo.resolve("cli/target/cpo-toolkit.jar"), ROOT.resolve("cli/target/cpo-toolkit.jar"));
        Files.createSymbolicLink(repo.resolve("cli/target/lib"), ROOT.resolve("cli/target/lib"));
        Path dataset = write(repo.resolve("datasets/pairs.jsonl"), "{\"prompt\": \"a\"}\n");
        write(repo.resolve("pom.xml"), "<project/>\n");
        write(repo.resolve("toolkit/src/main/java/A.java"), "class A {}\n");
        Path calls = repo.resolve("mvn-calls.txt");
        Path mvn = write(repo.resolve("bin/mvn"), "#!/bin/sh\necho \"$*\" >> " + calls + "\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Instant jarTime = Files.getLastModifiedTime(repo.resolve("cli/target/cpo-toolkit.jar")).toInstant();
        // Everything made here (folders too: the launcher counts a folder's change) predates the build.
        try (Stream<Path> made = Files.walk(repo)) {
            for (Path path : made.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Files.setLastModifiedTime(path, FileTime.from(jarTime.minusSeconds(3600)));
            }
        }

        run(repo);
        assertEquals(0, builds(calls), "inputs older than the jar: no build");

        Files.setLastModifiedTime(dataset, FileTime.from(later(1)));
        run(repo);
        assertEquals(1, builds(calls), "newer input and no record of the last build's inputs: build");

        write(dataset, "{\"prompt\": \"a\"}\n");
        Files.setLastModifiedTime(dataset, FileTime.from(later(2)));
        run(repo);
        assertEquals(1, builds(calls), "rewritten with the same bytes: no build");

        write(dataset, "{\"prompt\": \"b\"}\n");
        Files.setLastModifiedTime(dataset, FileTime.from(later(3)));
        run(repo);
        assertEquals(2, builds(calls), "changed bytes: build");
    }

    /**
     * A time after any the jar can have: the launcher touches the jar (the real one, through the
     * link) when it finds the inputs unchanged.
     */
    private static Instant later(int minutes) {
        return Instant.now().plusSeconds(86_400 + 60L * minutes);
    }

    private static void run(Path repo) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(repo.resolve("cpo").toString(), "--version")
                .redirectErrorStream(true);
        builder.environment().put("PATH", repo.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("cpo (CPO Toolkit)"), output);
    }

    private static int builds(Path calls) throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
