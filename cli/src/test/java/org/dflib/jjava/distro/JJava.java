package org.dflib.jjava.distro;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.kernel.JavaKernel;
import org.dflib.jjava.kernel.JavaNotebookStatics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JJava stand-in's entry point, started by Jupyter with a connection file (JJava's main class name). */
public final class JJava {

    /** JJava's startup script (its NotebookInitializer extension): imports every notebook may rely on. */
    private static final String STARTUP = String.join("\n",
            "import java.util.*;", "import java.io.*;", "import java.math.*;", "import java.net.*;",
            "import java.time.*;", "import java.util.concurrent.*;", "import java.util.prefs.*;",
            "import java.util.regex.*;",
            "import static " + BaseNotebookStatics.class.getName() + ".*;",
            "import static " + JavaNotebookStatics.class.getName() + ".*;");

    private JJava() {}

    /** {@code JJava CONNECTION_FILE}: serves one Jupyter session. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !Files.isRegularFile(Path.of(args[0]))) {
            throw new IllegalArgumentException("usage: JJava CONNECTION_FILE");
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "[%4$.1s %1$tF %1$tT.%1$tL %3$s] %5$s%n");
        KernelConnectionProperties properties =
                KernelConnectionProperties.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        JupyterConnection connection = new JupyterConnection(properties);
        JavaKernel kernel = JavaKernel.create(List.of());
        kernel.onStartup();
        // JJava runs its startup script from an extension installed at startup, before connecting.
        kernel.eval(STARTUP);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }
}
