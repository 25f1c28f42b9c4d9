package dev.cpotoolkit.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Ownership of a run folder while a run writes into it: an operating-system
 * lock on {@code .cpo-run.lock}, so that a second run into the same folder,
 * from this or another process, fails at once naming the holder instead of
 * mixing its files with the first run's. The operating system drops the lock
 * when the holding process ends, even by {@code kill -9}, so a crashed run
 * never leaves a folder locked.
 *
 * <p>Within one JVM the lock is re-entrant: the command line takes it for the
 * whole command and the trainer takes it again for {@link CPOTrainer#train()}.
 */
public final class RunFolderLock implements AutoCloseable {

    /** The lock file's name inside the run folder. */
    public static final String FILE_NAME = ".cpo-run.lock";

    /** Locks held by this JVM, by folder, with how many holders share each. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private record Held(FileChannel channel, FileLock lock, int count) {}

    private final Path folder;
    private boolean closed;

    private RunFolderLock(Path folder) {
        this.folder = folder;
    }

    /**
     * Takes the folder (creating it when needed) for this run.
     *
     * @param folder    the run folder
     * @param holder    what holds it, in words written into the lock file for the next one to read
     * @throws IllegalStateException when another run holds it, naming that run
     */
    public static RunFolderLock acquire(Path folder, String holder) {
        Path key = folder.toAbsolutePath().normalize();
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null) {
                HELD.put(key, new Held(held.channel(), held.lock(), held.count() + 1));
                return new RunFolderLock(key);
            }
            Path file = key.resolve(FILE_NAME);
            try {
                Files.createDirectories(key);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    String other = readHolder(channel);
                    channel.close();
                    throw new IllegalStateException("run folder " + key + " is in use by another run ("
                            + (other.isBlank() ? "holder unknown" : other) + "); wait for it to finish, stop it,"
                            + " or choose another output folder");
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((describe(holder) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                HELD.put(key, new Held(channel, lock, 1));
                return new RunFolderLock(key);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock run folder " + key + ": " + e.getMessage(), e);
            }
        }
    }

    /** This process, for the lock file: {@code pid 1234 since 2026-12-03T23:00:00Z: cpo train}. */
    private static String describe(String holder) {
        return "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + ": " + holder
                + " (JVM " + ManagementFactory.getRuntimeMXBean().getName() + ")";
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    /** The folder this lock holds. */
    public Path folder() {
        return folder;
    }

    /** Releases this holder's share; the last one releases the operating-system lock. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(folder);
            if (held == null) {
                return;
            }
            if (held.count() > 1) {
                HELD.put(folder, new Held(held.channel(), held.lock(), held.count() - 1));
                return;
            }
            HELD.remove(folder);
            try {
                held.lock().release();
                held.channel().close();
            } catch (IOException ignored) {
                // The operating system releases the lock with the process in any case.
            }
        }
    }
}
