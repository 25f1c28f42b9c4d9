package dev.cpotoolkit.notebook.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the globs of {@code %jars} and {@code %classpath}, relative to the
 * notebook's folder as a kernel started by Jupyter sees them: {@code *},
 * {@code ?}, {@code [..]}, {@code {a,b}} within a name and {@code **} across
 * folders. Matches are sorted so the class path is the same on every machine.
 */
final class PathGlobs {

    private PathGlobs() {}

    /**
     * The paths {@code glob} matches.
     *
     * @param base        the folder relative globs start from
     * @param glob        a path, possibly with glob characters
     * @param directories whether folders match too ({@code %classpath}) or only files ({@code %jars})
     */
    static List<Path> expand(Path base, String glob, boolean directories) {
        String normalized = glob.replace('\\', '/');
        String[] parts = normalized.split("/");
        int first = 0;
        while (first < parts.length && !hasGlob(parts[first])) {
            first++;
        }
        String fixed = String.join("/", java.util.Arrays.copyOfRange(parts, 0, first));
        Path root = (fixed.isEmpty() && !normalized.startsWith("/") ? base : base.resolve(fixed.isEmpty() ? "/" : fixed))
                .toAbsolutePath().normalize();
        if (first == parts.length) {
            boolean ok = directories ? Files.exists(root) : Files.isRegularFile(root);
            return ok ? List.of(root) : List.of();
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, first, parts.length));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : parts.length - first;
        List<Path> matches = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, depth)) {
            walk.filter(p -> !p.equals(root))
                    .filter(p -> matcher.matches(root.relativize(p)))
                    .filter(p -> directories || Files.isRegularFile(p))
                    .sorted()
                    .forEach(matches::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot expand " + glob, e);
        }
        return matches;
    }

    private static boolean hasGlob(String part) {
        return part.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
