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
