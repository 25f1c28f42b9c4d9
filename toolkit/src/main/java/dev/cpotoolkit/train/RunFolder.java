package dev.cpotoolkit.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Names new run folders: {@code runs/<prefix><yyyyMMdd-HHmmss>}, with
 * {@code -2}, {@code -3}, ... appended when a run started in the same second
 * already took the name, so two runs never share a folder by accident. Used
 * by the trainer (no {@code output_dir} given), the CLI and the demos.
 */
public final class RunFolder {

    /** Where new run folders go, relative to the working directory. */
    public static final Path RUNS = Path.of("runs");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {}

    /** A folder under {@code runs/} named after the current time, that does not exist yet. */
    public static Path next() {
        return next("");
    }

    /**
     * A folder under {@code runs/} named {@code prefix} plus the current time,
     * that does not exist yet (it is not created).
     *
     * @param prefix such as {@code "quickstart-"}; may be empty
     */
    public static Path next(String prefix) {
        return nextIn(RUNS, prefix);
    }

    /** What a finished or interrupted run leaves in its folder, which a new run would overwrite or mix with. */
    private static final java.util.List<String> RUN_OUTPUTS = java.util.List.of("final", "metrics.csv", "charts",
            "generations.jsonl", "cpo_config.json");

    /**
     * Prepares {@code folder} for a new run (one that does not resume): refused
     * when it holds another run's checkpoints or {@code final/}, unless
     * {@code overwrite} (TRL's {@code overwrite_output_dir}) asks to delete them.
     *
     * @throws IllegalStateException naming what the folder holds and how to go on
     */
    public static void prepareForNewRun(Path folder, boolean overwrite) {
        java.util.List<Path> previous = new java.util.ArrayList<>(new CheckpointStore(folder, null).list());
        if (Files.isDirectory(folder.resolve("final"))) {
            previous.add(folder.resolve("final"));
        }
        if (previous.isEmpty()) {
            return;
        }
        if (!overwrite) {
            java.util.List<String> names = previous.stream().map(p -> p.getFileName().toString()).toList();
            throw new IllegalStateException("output folder " + folder + " holds another run ("
                    + String.join(", ", names.size() > 6 ? names.subList(0, 6) : names)
                    + (names.size() > 6 ? ", ... " + (names.size() - 6) + " more" : "") + "); continue it with"
                    + " --resume-from latest (resumeFrom), choose another output folder, or set overwrite_output_dir"
                    + " (--overwrite-output-dir) to delete it and start again");
        }
        try {
            for (Path path : previous) {
                CheckpointStore.deleteRecursively(path);
            }
            for (String name : RUN_OUTPUTS) {
                CheckpointStore.deleteRecursively(folder.resolve(name));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot clear " + folder + " for a new run: " + e.getMessage(), e);
        }
    }

    /** As {@link #next(String)}, under another parent folder. */
    public static Path nextIn(Path parent, String prefix) {
        String name = prefix + LocalDateTime.now().format(STAMP);
        Path folder = parent.resolve(name);
        for (int n = 2; Files.exists(folder); n++) {
            folder = parent.resolve(name + "-" + n);
        }
        return folder;
    }
}
