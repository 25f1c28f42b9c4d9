package dev.cpotoolkit.binder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code binder/postBuild} offline: the IJava release is a locally built
 * zip whose {@code install.py} records how it was called, and {@code mvn} and
 * {@code java} are stubs on {@code PATH} that record their arguments. What
 * stays untested is only what needs the network or the real kernel: the
 * download from GitHub and IJava's own installer.
 */
class PostBuildTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path POST_BUILD = ROOT.resolve("binder/postBuild");

    @BeforeAll
    static void needsBashAndPython() {
        assumeTrue(onPath("bash") && onPath("python3"), "bash and python3 are needed to run postBuild");
    }

    @Test
    void aptTxtInstallsJdkMavenAndFonts() throws IOException {
        List<String> packages = Files.readAllLines(ROOT.resolve("binder/apt.txt"));
        assertTrue(packages.containsAll(List.of("openjdk-17-jdk-headless", "maven", "fontconfig",
                "fonts-dejavu-core")), packages.toString());
        assertTrue(Files.isExecutable(POST_BUILD), "postBuild must be executable");
        assertTrue(Files.readString(POST_BUILD).contains("set -euo pipefail"));
    }

    @Test
    void installsTheKernelBuildsAndUnpacksTheEngineFromALocalZip(@TempDir Path dir) throws Exception {
        Stubs stubs = new Stubs(dir, 0);
        Result result = runPostBuild(stubs, fakeIJavaZip(dir).toString());

        assertEquals(0, result.code, result.output);
        assertEquals("--sys-prefix --replace", stubs.read("install.args"), "IJava installer arguments");
        assertTrue(stubs.read("install.cwd").endsWith("ijava"), "install.py runs beside its java/ folder");
        assertEquals("-B -q -DskipTests package", stubs.read("mvn.args"));
        assertEquals(ROOT.toString(), stubs.read("mvn.cwd"), "the build runs at the repository root");
        assertEquals("-cp cli/target/cpo-toolkit.jar:cli/target/lib/* dev.cpotoolkit.runtime.EngineCheck",
                stubs.read("java.args"));
        assertTrue(result.output.contains("postBuild: done"), result.output);
    }

    @Test
    void acceptsTheZipAsAUrl(@TempDir Path dir) throws Exception {
        Stubs stubs = new Stubs(dir, 0);
        Result result = runPostBuild(stubs, fakeIJavaZip(dir).toUri().toString());
        assertEquals(0, result.code, result.output);
        assertEquals("--sys-prefix --replace", stubs.read("install.args"));
    }

    @Test
    void stopsAtTheFirstFailure(@TempDir Path dir) throws Exception {
        Stubs missingZip = new Stubs(dir.resolve("a"), 0);
        Result noZip = runPostBuild(missingZip, dir.resolve("no-such.zip").toString());
        assertNotEquals(0, noZip.code);
        assertFalse(missingZip.exists("mvn.args"), "nothing is built after a failed kernel install");

        Stubs failingBuild = new Stubs(dir.resolve("b"), 1);
        Result buildFails = runPostBuild(failingBuild, fakeIJavaZip(dir).toString());
        assertNotEquals(0, buildFails.code);
        assertFalse(failingBuild.exists("java.args"), "no engine check after a failed build");
    }

    /** A zip shaped like IJava's release: install.py next to a java/ kernel folder. */
    private static Path fakeIJavaZip(Path dir) throws IOException {
        Path zip = dir.resolve("ijava-1.3.0.zip");
        String installPy = String.join("\n",
                "import os, sys",
                "here = os.path.dirname(os.path.abspath(__file__))",
                "assert os.path.isfile(os.path.join(here, 'java', 'kernel.json')), 'kernel.json missing'",
                "out = os.environ['STUB_RECORDS']",
                "open(os.path.join(out, 'install.args'), 'w').write(' '.join(sys.argv[1:]))",
                "open(os.path.join(out, 'install.cwd'), 'w').write(os.getcwd())",
                "");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("install.py"));
            out.write(installPy.getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("java/kernel.json"));
            out.write("{\"argv\": [\"java\"], \"language\": \"java\"}".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return zip;
    }

    /** Stub mvn and java that record their arguments and working directory. */
    private static final class Stubs {
        final Path bin;
        final Path records;

        Stubs(Path dir, int mvnExitCode) throws IOException {
            bin = Files.createDirectories(dir.resolve("bin"));
            records = Files.createDirectories(dir.resolve("records"));
            stub("mvn", mvnExitCode);
            stub("java", 0);
        }

        private void stub(String name, int exitCode) throws IOException {
            Path script = bin.resolve(name);
            Files.writeString(script, "#!/usr/bin/env bash\n"
                    + "printf '%s' \"$*\" > \"$STUB_RECORDS/" + name + ".args\"\n"
                    + "pwd > \"$STUB_RECORDS/" + name + ".cwd\"\n"
                    + "exit " + exitCode + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        String read(String record) throws IOException {
            return Files.readString(records.resolve(record)).strip();
        }

        boolean exists(String record) {
            return Files.exists(records.resolve(record));
        }
    }

    private record Result(int code, String output) {}

    private static Result runPostBuild(Stubs stubs, String ijavaZip) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", POST_BUILD.toString()).directory(ROOT.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PATH", stubs.bin + ":" + env.get("PATH"));
        env.put("IJAVA_ZIP", ijavaZip);
        env.put("STUB_RECORDS", stubs.records.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "postBuild timed out");
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
