package dev.cpotoolkit.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Writes variables into the process environment that native libraries read
 * with {@code getenv} (Java's {@code System.getenv} is a read-only copy). Uses
 * the C library's {@code setenv} through JNA, which DJL already ships. A value
 * the user exported is never overwritten; failure only logs a warning.
 */
final class NativeEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(NativeEnvironment.class);

    /** The one libc function needed. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private NativeEnvironment() {}

    static void setIfAbsent(Map<String, String> variables) {
        if (Platform.isWindows()) {
            return; // MSVC's runtime has no setenv; Windows users export the variables themselves.
        }
        try {
            CLibrary libc = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
            for (Map.Entry<String, String> entry : variables.entrySet()) {
                if (System.getenv(entry.getKey()) == null) {
                    libc.setenv(entry.getKey(), entry.getValue(), 0);
                }
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("could not set {} in the native environment: {}", variables.keySet(), e.toString());
        }
    }
}
