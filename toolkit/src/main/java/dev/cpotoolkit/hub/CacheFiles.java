package dev.cpotoolkit.hub;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Temporary files and renames for the cache. The same rules as the
 * checkpoint writer's {@code AtomicFiles}, kept here because this package sits
 * below {@code model} and {@code data} (both download through it) and may not
 * reach back into either: a temporary is a plain new file (permissions from
 * the umask, so a cache shared with Python stays readable), and a rename is
 * atomic where the file system allows.
 */
final class CacheFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CacheFiles() {}

    /** A new, empty file in {@code folder} with a name no other file has. */
    static Path createTempFile(Path folder, String prefix, String suffix) throws IOException {
        while (true) {
            Path candidate = folder.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another downloader's temporary: draw another name
            }
        }
    }

    /** Renames atomically where the file system can, else replaces plainly. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notAtomic) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
