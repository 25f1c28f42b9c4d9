package dev.cpotoolkit.notebook.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Executes notebooks, each in a fresh JVM started in the notebook's folder (a
 * kernel's situation), and optionally writes the outputs back into the files.
 *
 * <pre>
 * java -cp 'toolkit/target/cpo-toolkit.jar:toolkit/target/lib/*' \
 *      dev.cpotoolkit.notebook.runner.NotebookRunner --write notebooks/*.ipynb
 * </pre>
 *
 * <p>Without {@code --write} the notebooks are only checked. A notebook that
 * fails is never written; the command exits 1 naming the notebook, cell and
 * snippet.
 */
public final class NotebookRunner {

    /** JVM options of each notebook JVM: headless charts, quiet logging (DJL's CUDA notice). */
    static final List<String> JVM_OPTIONS = List.of("-Xmx2g", "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=error");

    private final String classpath;
    private final Duration timeout;

    /**
     * @param classpath the class path of the notebook JVMs (the toolkit jar and its lib folder)
     * @param timeout   the longest one notebook may take
     */
    public NotebookRunner(String classpath, Duration timeout) {
        // Absolute: the notebook JVMs start in the notebooks' folders.
        this.classpath = java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        this.timeout = timeout;
    }

    /** Command line: {@code [--write] [--timeout SECONDS] NOTEBOOK...}. */
    public static void main(String[] args) {
        boolean write = false;
        long timeoutSeconds = 900;
        List<Path> notebooks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--write" -> write = true;
                case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: NotebookRunner [--write] [--timeout SECONDS] NOTEBOOK.ipynb...");
                    return;
                }
                default -> notebooks.add(Path.of(args[i]));
            }
        }
        if (notebooks.isEmpty()) {
            System.err.println("usage: NotebookRunner [--write] [--timeout SECONDS] NOTEBOOK.ipynb...");
            System.exit(2);
        }
        NotebookRunner runner = new NotebookRunner(System.getProperty("java.class.path"),
                Duration.ofSeconds(timeoutSeconds));
        int failed = 0;
        for (Path notebook : notebooks) {
            try {
                Path output = write ? notebook : Files.createTempFile("executed-", ".ipynb");
                double seconds = runner.execute(notebook, output);
                System.out.printf(Locale.ROOT, "%s: ok in %.0f s%s%n", notebook, seconds, write ? ", written" : "");
                if (!write) {
                    Files.deleteIfExists(output);
                }
            } catch (NotebookFailure | IOException e) {
                failed++;
                System.out.println(notebook + ": FAILED\n" + e.getMessage());
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /**
     * Executes {@code notebook} in a new JVM and writes the executed notebook to
     * {@code output} (which may be the notebook itself; it is replaced only on success).
     *
     * @return the seconds it took
     * @throws NotebookFailure when a cell fails or the notebook runs past the timeout
     */
    public double execute(Path notebook, Path output) {
        Path source = notebook.toAbsolutePath().normalize();
        Path target = output.toAbsolutePath().normalize();
        long start = System.nanoTime();
        try {
            Path scratch = Files.createTempFile("notebook-", ".ipynb");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.add("-cp");
            command.add(classpath);
            command.add(NotebookKernel.class.getName());
            command.add(source.toString());
            command.add(scratch.toString());
            Process process = new ProcessBuilder(command).directory(source.getParent().toFile())
                    .redirectErrorStream(true).start();
            String log = drain(process.getInputStream(), process);
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NotebookFailure(source.getFileName() + ": still running after " + timeout.toSeconds()
                        + " s\n" + log);
            }
            if (process.exitValue() != 0) {
                Files.deleteIfExists(scratch);
                throw new NotebookFailure(log.strip());
            }
            Files.move(scratch, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.err.print(log);
            return (System.nanoTime() - start) / 1e9;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + source, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotebookFailure("interrupted while running " + source, e);
        }
    }

    /** Reads the child's output on a helper thread so a timeout can still stop it. */
    private String drain(InputStream in, Process process) throws InterruptedException {
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                log.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                log.append("(output unreadable: ").append(e).append(")");
            }
        }, "notebook-output");
        reader.setDaemon(true);
        reader.start();
        reader.join(timeout.toMillis());
        if (reader.isAlive()) {
            process.destroyForcibly();
            reader.join(5000);
        }
        synchronized (log) {
            return log.toString();
        }
    }
}
