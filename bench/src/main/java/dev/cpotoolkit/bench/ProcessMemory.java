package dev.cpotoolkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux):
 * current ({@code VmRSS}) and peak ({@code VmHWM}), in KiB; -1 elsewhere.
 */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** Current resident set size in KiB, or -1 when unknown. */
    public static long residentKib() {
        return field("VmRSS:");
    }

    /** Peak resident set size in KiB, or -1 when unknown. */
    public static long peakKib() {
        return field("VmHWM:");
    }

    /**
     * Restarts the peak ({@code VmHWM}) at the current resident size (Linux:
     * writes 5 to {@code /proc/self/clear_refs}), so a later {@link #peakKib()}
     * covers only what ran since.
     *
     * @return whether the kernel accepted it
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
