package dev.cpotoolkit.data.hub;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which files of a dataset repository make which split of which
 * configuration, resolved as the {@code datasets} library does:
 *
 * <ol>
 *   <li>the README's YAML {@code configs:} block, when it has one: each
 *       configuration's {@code data_files} (a pattern, a list of patterns, or
 *       a list of {@code split}/{@code path} entries; patterns are globs over
 *       repository paths, {@code *} within a folder, {@code **} across);</li>
 *   <li>otherwise the file names: a file belongs to a split when a folder or
 *       the start of its name is the split's keyword ({@code train},
 *       {@code training}; {@code validation}, {@code valid}, {@code val},
 *       {@code dev}; {@code test}, {@code testing}, {@code eval},
 *       {@code evaluation}) followed by a separator, as
 *       {@code data/train-00000-of-00001.parquet} and
 *       {@code default/train/0000.parquet}; when no file names a split, all
 *       data files are {@code train}.</li>
 * </ol>
 *
 * Data files are {@code .parquet}, {@code .jsonl}, {@code .json} and
 * {@code .csv}; files or folders starting with {@code .} or {@code _} are
 * ignored, as by {@code datasets}.
 */
final class DataFiles {

    static final String DEFAULT_CONFIG = "default";

    private static final Pattern DATA_FILE = Pattern.compile("(?i).*\\.(parquet|jsonl|json|csv)");
    private static final Map<String, List<String>> SPLIT_KEYWORDS = new LinkedHashMap<>();

    static {
        SPLIT_KEYWORDS.put("train", List.of("train", "training"));
        SPLIT_KEYWORDS.put("validation", List.of("validation", "valid", "dev", "val"));
        SPLIT_KEYWORDS.put("test", List.of("test", "testing", "eval", "evaluation"));
    }

    /** One configuration: split name to its files, in order. */
    record Config(String name, boolean isDefault, Map<String, List<String>> splits) {}

    private DataFiles() {}

    /**
     * The configurations of a repository.
     *
     * @param files  the repository's files
     * @param readme the README's text, or null when there is none
     */
    static List<Config> configs(List<String> files, String readme) {
        List<String> dataFiles = files.stream().filter(DataFiles::isDataFile).sorted().toList();
        Optional<List<Map<String, Object>>> declared = declaredConfigs(readme);
        if (declared.isPresent()) {
            List<Config> configs = new ArrayList<>();
            for (Map<String, Object> entry : declared.get()) {
                String name = String.valueOf(entry.getOrDefault("config_name", DEFAULT_CONFIG));
                boolean isDefault = Boolean.TRUE.equals(entry.get("default"));
                configs.add(new Config(name, isDefault, splitsFromPatterns(entry.get("data_files"), dataFiles, name)));
            }
            return configs;
        }
        return List.of(new Config(DEFAULT_CONFIG, true, splitsFromNames(dataFiles)));
    }

    /**
     * The auto-converted Parquet branch ({@code refs/convert/parquet}):
     * {@code <config>/<split>/NNNN.parquet}, or {@code <config>/partial-<split>/} for
     * a dataset the converter only took the start of.
     */
    static List<Config> convertedConfigs(List<String> files) {
        Map<String, Map<String, List<String>>> byConfig = new LinkedHashMap<>();
        for (String file : files.stream().sorted().toList()) {
            String[] parts = file.split("/");
            if (parts.length != 3 || !parts[2].toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                continue;
            }
            String split = parts[1].startsWith("partial-") ? parts[1].substring("partial-".length()) : parts[1];
            byConfig.computeIfAbsent(parts[0], c -> new LinkedHashMap<>())
                    .computeIfAbsent(split, s -> new ArrayList<>()).add(file);
        }
        List<Config> configs = new ArrayList<>();
        byConfig.forEach((name, splits) -> configs.add(new Config(name, name.equals(DEFAULT_CONFIG), splits)));
        return configs;
    }

    static boolean isDataFile(String path) {
        for (String segment : path.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                return false;
            }
        }
        return DATA_FILE.matcher(path).matches();
    }

    private static Map<String, List<String>> splitsFromNames(List<String> dataFiles) {
        Map<String, List<String>> splits = new LinkedHashMap<>();
        for (String file : dataFiles) {
            splitOf(file).ifPresent(split -> splits.computeIfAbsent(split, s -> new ArrayList<>()).add(file));
        }
        if (splits.isEmpty() && !dataFiles.isEmpty()) {
            splits.put("train", new ArrayList<>(dataFiles));
        }
        return splits;
    }

    /** The split a file's folders or name announce, if any. */
    static Optional<String> splitOf(String file) {
        String[] segments = file.toLowerCase(Locale.ROOT).split("/");
        for (Map.Entry<String, List<String>> split : SPLIT_KEYWORDS.entrySet()) {
            for (String keyword : split.getValue()) {
                for (int i = 0; i < segments.length - 1; i++) {
                    if (segments[i].equals(keyword)) {
                        return Optional.of(split.getKey());
                    }
                }
                // The keyword at the start of the name or after a separator, and followed by one.
                Pattern inName = Pattern.compile("(^|.*[-._ 0-9])" + keyword + "[-._ 0-9].*");
                if (inName.matcher(segments[segments.length - 1]).matches()) {
                    return Optional.of(split.getKey());
                }
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> splitsFromPatterns(Object dataFiles, List<String> files, String config) {
        Map<String, List<String>> splits = new LinkedHashMap<>();
        if (dataFiles == null) {
            return splitsFromNames(files);
        }
        if (dataFiles instanceof String || dataFiles instanceof List<?> list && !list.isEmpty()
                && list.get(0) instanceof String) {
            splits.put("train", matching(patterns(dataFiles, config), files));
            return splits;
        }
        if (dataFiles instanceof List<?> entries) {
            for (Object entry : entries) {
                if (!(entry instanceof Map<?, ?> map) || map.get("split") == null || map.get("path") == null) {
                    throw new IllegalArgumentException("README configs: config '" + config
                            + "' has a data_files entry without split and path: " + entry);
                }
                splits.put(String.valueOf(map.get("split")), matching(patterns(map.get("path"), config), files));
            }
            return splits;
        }
        if (dataFiles instanceof Map<?, ?> map) {
            // The older form: {train: pattern, test: pattern}.
            ((Map<Object, Object>) map).forEach((split, path) ->
                    splits.put(String.valueOf(split), matching(patterns(path, config), files)));
            return splits;
        }
        throw new IllegalArgumentException("README configs: config '" + config + "' has data_files of an unknown"
                + " form: " + dataFiles);
    }

    private static List<String> patterns(Object value, String config) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException("README configs: config '" + config + "': a path must be a pattern or a"
                + " list of patterns, was " + value);
    }

    private static List<String> matching(List<String> patterns, List<String> files) {
        List<PathMatcher> matchers = patterns.stream()
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p.replaceFirst("^\\./", ""))).toList();
        return files.stream().filter(f -> matchers.stream().anyMatch(m -> m.matches(Path.of(f)))).toList();
    }

    /** The README's YAML front matter's {@code configs} list, if it has one. */
    @SuppressWarnings("unchecked")
    static Optional<List<Map<String, Object>>> declaredConfigs(String readme) {
        if (readme == null) {
            return Optional.empty();
        }
        String text = readme.replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            return Optional.empty();
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0) {
            return Optional.empty();
        }
        Object yaml;
        try {
            LoaderOptions options = new LoaderOptions();
            yaml = new Yaml(new SafeConstructor(options)).load(text.substring(4, end + 1));
        } catch (YAMLException malformed) {
            throw new IllegalArgumentException("README.md: its YAML header does not parse: "
                    + malformed.getMessage().lines().findFirst().orElse(""), malformed);
        }
        if (!(yaml instanceof Map<?, ?> header) || !(header.get("configs") instanceof List<?> configs)) {
            return Optional.empty();
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object entry : configs) {
            if (entry instanceof Map<?, ?> map) {
                entries.add((Map<String, Object>) map);
            }
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries);
    }
}
