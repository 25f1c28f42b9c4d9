package dev.cpotoolkit.notebook.jupyter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The jars a notebook's {@code %classpath} loads: as packaged now, and as they were before relocation. */
public final class ToolkitLayouts {

    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private ToolkitLayouts() {}

    /** {@code cli/target/cpo-toolkit.jar} and the native jars of {@code cli/target/lib}. */
    public static List<Path> packaged() {
        List<Path> jars = new ArrayList<>(List.of(TARGET.resolve("cpo-toolkit.jar")));
        try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
            lib.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars;
    }

    /**
     * The toolkit's classes unrelocated ({@code original-cpo-toolkit.jar}, which the shade plugin
     * leaves) and every run-time dependency as its own jar ({@code runtime-classpath.txt}, recorded
     * by the build): the layout the notebooks loaded before the jar was made kernel-safe.
     */
    public static List<Path> unrelocated() {
        Path original = TARGET.resolve("original-cpo-toolkit.jar");
        Path recorded = TARGET.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(original) || !Files.isRegularFile(recorded)) {
            throw new IllegalStateException(original + " and " + recorded + " are made by package and "
                    + "pre-integration-test (mvn -B verify)");
        }
        List<Path> jars = new ArrayList<>(List.of(original));
        try {
            for (String entry : Files.readString(recorded).strip().split(File.pathSeparator)) {
                jars.add(Path.of(entry));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars;
    }
}
