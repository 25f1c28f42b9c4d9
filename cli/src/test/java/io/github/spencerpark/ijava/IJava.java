package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * The kernel's entry point, started by Jupyter with a connection file, and the static door through
 * which code in a notebook finds the running kernel ({@link #getKernelInstance()}), as in IJava.
 */
public final class IJava {

    /** The IJava release this stand-in reproduces. */
    public static final String VERSION = "1.3.0";

    private static volatile JavaKernel kernel;

    private IJava() {}

    /** The running kernel, or null outside one (IJava's contract). */
    public static JavaKernel getKernelInstance() {
        return kernel;
    }

    /** {@code IJava CONNECTION_FILE}: serves one Jupyter session until it shuts the kernel down. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !Files.isRegularFile(Path.of(args[0]))) {
            throw new IllegalArgumentException("usage: IJava CONNECTION_FILE");
        }
        KernelConnectionProperties properties =
                KernelConnectionProperties.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
        JupyterConnection connection = new JupyterConnection(properties);
        // Built on this thread: JShell makes its class loader this thread's context loader, and the
        // protocol threads started below (and the cell pool after them) inherit it, as in IJava.
        kernel = new JavaKernel();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        kernel = null;
        System.exit(0);
    }
}
