package dev.cpotoolkit.notebook.jupyter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes notebooks with Jupyter's own {@code jupyter nbconvert --to notebook --execute}, the
 * command peers run their notebooks with in CI: Jupyter starts the kernel named in the notebook
 * ({@code java}) from the kernelspecs on {@code JUPYTER_PATH}, in the notebook's folder, and talks
 * to it over ZeroMQ. Needs Debian's {@code jupyter-nbconvert} and {@code python3-nbclient}
 * ({@code .ci/run} installs them).
 */
public final class NbConvert {

    private final Path jupyterPath;
    private final Duration cellTimeout;

    /**
     * @param jupyterPath a folder with {@code kernels/java/kernel.json} (see {@link TestKernel#install})
     * @param cellTimeout the longest one cell may run
     */
    public NbConvert(Path jupyterPath, Duration cellTimeout) {
        this.jupyterPath = jupyterPath;
        this.cellTimeout = cellTimeout;
    }

    /** The Python that has Jupyter: Debian's, since a pyenv {@code python3} first on PATH usually lacks it. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Fails with the install command when Jupyter's nbconvert and nbclient are not installed. */
    public static void requireJupyter() {
        Result check = run(List.of(python(), "-c", "import nbconvert, nbclient, jupyter_client"), null, Map.of(),
                Duration.ofMinutes(1));
        if (check.exitCode() != 0) {
            throw new IllegalStateException("the notebook tests run notebooks with Jupyter's nbconvert, which is "
                    + "not installed for " + python() + "; install it with\n"
                    + "  apt-get install jupyter-nbconvert python3-nbclient jupyter-client\n" + check.output());
        }
    }

    /**
     * Executes {@code notebook} (left unchanged) in its own folder and writes the executed copy to
     * {@code output}.
     *
     * @return the command's exit code and output (a failing cell's source and traceback on failure)
     */
    public Result execute(Path notebook, Path output, Duration overallTimeout) {
        try {
            return executeIn(notebook, output, overallTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Jupyter's environment", e);
        }
    }

    private Result executeIn(Path notebook, Path output, Duration overallTimeout) throws IOException {
        Path source = notebook.toAbsolutePath().normalize();
        Path target = output.toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(python(), "-m", "jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.timeout=" + cellTimeout.toSeconds(),
                "--ExecutePreprocessor.kernel_name=java", "--ExecutePreprocessor.record_timing=False",
                "--output-dir", target.getParent().toString(), "--output", target.getFileName().toString(),
                source.toString()));
        return run(command, source.getParent(), environment(jupyterPath), overallTimeout);
    }

    /**
     * The environment Jupyter's tools run in here: kernelspecs from {@code jupyterPath} first, a
     * fresh folder for connection files, and Python's debugger and Jupyter's folder-migration
     * notices quiet.
     */
    static Map<String, String> environment(Path jupyterPath) throws IOException {
        return Map.of("JUPYTER_PATH", jupyterPath.toString(),
                "JUPYTER_RUNTIME_DIR", Files.createTempDirectory("jupyter-runtime").toString(),
                "PYDEVD_DISABLE_FILE_VALIDATION", "1", "JUPYTER_PLATFORM_DIRS", "1");
    }

    /** A finished command. */
    public record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Path folder, Map<String, String> env, Duration timeout) {
        try {
            Path log = Files.createTempFile("nbconvert-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (folder != null) {
                builder.directory(folder.toFile());
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean done = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return done ? new Result(process.exitValue(), output)
                    : new Result(-1, output + "\n(still running after " + timeout.toSeconds() + " s: stopped)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
