package dev.cpotoolkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal. Java has no direct test for it
 * ({@link System#console()} answers for standard input and output only), so on
 * Linux the file descriptor's target is read: a terminal is a {@code /dev/pts}
 * or {@code /dev/tty} device. Elsewhere the console test stands in.
 */
final class Terminal {

    private Terminal() {}

    /** True when standard error is drawn on a terminal, so a redrawn progress bar is readable. */
    static boolean isStandardError() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return System.console() != null;
            }
        }
        return System.console() != null;
    }
}
