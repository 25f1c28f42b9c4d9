package dev.cpotoolkit.model.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file through a temporary sibling and a rename, so a reader (or a
 * crash) sees either the old file or the complete new one, never half of it.
 * The temporary lives in the target's folder because a rename is only atomic
 * within one file system. Temporaries are created as plain new files, so the
 * final file gets the permissions the process's umask gives any new file (not
 * the owner-only 0600 of {@link Files#createTempFile}).
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** What fills the temporary file. */
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target} atomically.
     *
     * @throws IOException if writing or renaming fails; the temporary is removed
     */
    static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temp = createTempFile(folder, "." + absolute.getFileName() + ".", ".part");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(channel);
                // Flush to disk before the rename: otherwise a power cut could
                // leave the new name pointing at an empty file.
                channel.force(true);
            }
            move(temp, absolute);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * A new, empty file in {@code folder} with a name no other file has, made
     * like any new file (permissions from the umask), for writing and renaming
     * into place.
     *
     * @throws IOException if the folder cannot hold a new file
     */
    public static Path createTempFile(Path folder, String prefix, String suffix) throws IOException {
        while (true) {
            Path candidate = folder.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another writer's temporary: draw another name
            }
        }
    }

    /** Renames atomically where the file system can, else replaces plainly. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notAtomic) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
