package dev.cpotoolkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load, printed with every benchmark result because shared machines are noisy. */
final class LoadAverage {

    private LoadAverage() {}

    /** {@code /proc/loadavg}'s 1, 5 and 15 minute averages and the core count. */
    static String describe() {
        String cores = Runtime.getRuntime().availableProcessors() + " cores";
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + parts[0] + ", " + parts[1] + ", " + parts[2] + " on " + cores;
        } catch (IOException | RuntimeException e) {
            return "load average unknown, " + cores;
        }
    }
}
