package dev.cpotoolkit.notebook.runner;

import java.nio.file.Path;

/**
 * The per-notebook JVM that {@link NotebookRunner} starts, as Jupyter starts a
 * kernel per notebook: its working directory is the notebook's folder, so the
 * notebook's relative paths mean what they mean under Jupyter. Arguments: the
 * notebook and the file to write the executed notebook to. Exits 0 on success,
 * 1 with the failure on standard error otherwise.
 */
public final class NotebookKernel {

    private NotebookKernel() {}

    /** Entry point: {@code NotebookKernel NOTEBOOK OUTPUT}. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: NotebookKernel NOTEBOOK.ipynb OUTPUT.ipynb");
            System.exit(2);
        }
        try {
            NotebookJson.write(NotebookExecution.run(Path.of(args[0])), Path.of(args[1]));
        } catch (NotebookFailure failure) {
            System.err.println(failure.getMessage());
            System.exit(1);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // DJL and the cell pool leave non-daemon threads behind; a kernel is simply shut down.
        System.exit(0);
    }
}
