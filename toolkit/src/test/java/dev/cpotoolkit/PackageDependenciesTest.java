package dev.cpotoolkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package rules of docs/architecture.md, read from the sources of every
 * module: the feature packages ({@code dev.cpotoolkit.<feature>}, sub-packages
 * included) form no cycle, and the training core never reaches the layers that
 * present or drive it. A reference is any {@code dev.cpotoolkit.<feature>} name
 * in code (imports and fully-qualified names alike), comments and strings left out.
 */
class PackageDependenciesTest {

    /** The packages a training run needs; nothing in them may know how it is shown or launched. */
    private static final Set<String> CORE = Set.of("train", "model", "loss", "data", "tokenize", "settings");
    /** The presentation and application layers, and the tools beside the library. */
    private static final Set<String> OUTER = Set.of("notebook", "plot", "cli", "bench", "toymt");

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cpotoolkit\\.([A-Za-z_]+)");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+dev\\.cpotoolkit(?:\\.([a-z_]+))?",
            Pattern.MULTILINE);

    @Test
    void featurePackagesFormNoCycle() {
        Map<String, Set<String>> graph = graph();
        List<String> cycle = findCycle(graph);
        assertTrue(cycle.isEmpty(), "package cycle: " + String.join(" -> ", cycle) + "\ngraph: " + graph);
    }

    @Test
    void theCoreNeverReachesPresentationOrApplications() {
        List<String> violations = new ArrayList<>();
        graph().forEach((from, targets) -> {
            if (CORE.contains(from)) {
                targets.stream().filter(OUTER::contains).forEach(to -> violations.add(from + " -> " + to));
            }
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void theRulesSeeTheWholeCodeBase() {
        // Guards the scan itself: a wrong root would find nothing and pass vacuously.
        Map<String, Set<String>> graph = graph();
        assertTrue(graph.keySet().containsAll(Set.of("train", "model", "loss", "data", "tokenize", "notebook",
                "plot", "cli")), "features found: " + graph.keySet());
        assertTrue(graph.get("train").containsAll(Set.of("model", "loss", "tokenize")), "train's arrows: "
                + graph.get("train"));
    }

    /** Feature to the features its code names, over every module's {@code src/main/java}. */
    static Map<String, Set<String>> graph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path file : mainSources()) {
            String code = codeOnly(read(file));
            Matcher declared = PACKAGE.matcher(code);
            if (!declared.find()) {
                continue;
            }
            String from = feature(declared.group(1));
            Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher reference = REFERENCE.matcher(code);
            while (reference.find()) {
                String to = feature(reference.group(1));
                if (!to.equals(from)) {
                    targets.add(to);
                }
            }
        }
        return graph;
    }

    /** A sub-package belongs to its top-level feature; classes of the root package (Cpo) are "Cpo". */
    private static String feature(String segment) {
        return segment == null || Character.isUpperCase(segment.charAt(0)) ? "Cpo" : segment;
    }

    private static List<String> findCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                                 List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return false;
        }
        path.add(node);
        if (seen != null) {
            path.subList(0, path.indexOf(node)).clear();
            return true;
        }
        state.put(node, 1);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (visit(next, graph, state, path)) {
                return true;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return false;
    }

    private static List<Path> mainSources() {
        Path root = repositoryRoot();
        try (Stream<Path> modules = Files.list(root)) {
            List<Path> files = new ArrayList<>();
            for (Path sources : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> walk = Files.walk(sources)) {
                    walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder of the aggregator pom: the tests run in a module folder below it. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("cpo"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml beside the cpo launcher) above "
                + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source without comments, string and character literals (their text is not a dependency). */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = end < 0 ? source.length() : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
