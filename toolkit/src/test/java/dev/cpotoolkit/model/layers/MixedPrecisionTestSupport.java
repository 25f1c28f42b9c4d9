package dev.cpotoolkit.model.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's /proc/cpuinfo flags, read independently of the class under test. */
final class MixedPrecisionTestSupport {

    private MixedPrecisionTestSupport() {}

    static String cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                    .map(l -> l.substring(l.indexOf(':') + 1)).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
