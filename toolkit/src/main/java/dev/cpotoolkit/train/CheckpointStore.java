package dev.cpotoolkit.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code checkpoint-<step>} folders of a run. Each is written completely
 * under a hidden temporary name and then renamed, so a crash never leaves a
 * half checkpoint that looks whole; only the newest {@code saveTotalLimit} are
 * kept.
 */
public final class CheckpointStore {

    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

    private final Path runFolder;
    private final Integer totalLimit;

    /**
     * @param runFolder  the run's output folder
     * @param totalLimit checkpoints to keep, or null for all
     */
    public CheckpointStore(Path runFolder, Integer totalLimit) {
        this.runFolder = runFolder;
        this.totalLimit = totalLimit;
    }

    /** Something that fills a folder with a checkpoint's files. */
    @FunctionalInterface
    public interface Writer {
        /** Writes every file of the checkpoint into {@code folder}. */
        void write(Path folder) throws IOException;
    }

    /** Writes {@code checkpoint-<step>} atomically, then prunes old ones; returns its path. */
    public Path write(int step, Writer writer) {
        Path target = runFolder.resolve("checkpoint-" + step);
        Path temporary = runFolder.resolve(".checkpoint-" + step + ".partial");
        try {
            Files.createDirectories(runFolder);
            deleteRecursively(temporary);
            Files.createDirectories(temporary);
            writer.write(temporary);
            deleteRecursively(target);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                deleteRecursively(temporary);
            } catch (IOException ignored) {
                // A leftover hidden .partial folder is harmless and replaced next time.
            }
        }
        prune();
        return target;
    }

    /** The complete checkpoints, oldest first. */
    public List<Path> list() {
        if (!Files.isDirectory(runFolder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(runFolder)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> step(p).isPresent())
                    .sorted(Comparator.comparingInt(p -> step(p).orElseThrow()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The step a checkpoint folder's name carries.
     *
     * @throws IllegalArgumentException naming the folder when the number is past any step a run can reach
     */
    public static Optional<Integer> step(Path folder) {
        Matcher matcher = NAME.matcher(folder.getFileName().toString());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(matcher.group(1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(folder + ": the step in the folder's name, " + matcher.group(1)
                    + ", is out of range (at most " + Integer.MAX_VALUE + "); rename or remove the folder", e);
        }
    }

    private void prune() {
        if (totalLimit == null) {
            return;
        }
        List<Path> all = list();
        for (int i = 0; i < all.size() - totalLimit; i++) {
            try {
                deleteRecursively(all.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete old checkpoint " + all.get(i), e);
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
