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
