package dev.cpotoolkit.tensorboard;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One TensorBoard event file of scalars, named as {@code torch.utils.tensorboard}
 * names them ({@code events.out.tfevents.<seconds>.<host>.<pid>.<n>}) in a log
 * folder; point {@code tensorboard --logdir} at the folder or a parent.
 *
 * <pre>{@code
 * try (EventFileWriter events = EventFileWriter.create(Path.of("runs/mine/runs/Dec04_10-00-00_host"))) {
 *     events.scalar("train/loss", 0.69f, 10);
 * }
 * }</pre>
 *
 * <p>{@link #flush()} after each log line (the trainer's logger does) leaves a
 * run that is killed with a readable file up to that line, and lets
 * TensorBoard show a live run.
 */
public final class EventFileWriter implements Closeable {

    private static int filesThisProcess;

    private final Path file;
    private final OutputStream out;

    private EventFileWriter(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /**
     * A new event file in {@code logDir} (created if missing), opened with its file-version event.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static EventFileWriter create(Path logDir) {
        double now = System.currentTimeMillis() / 1000.0;
        String name = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s.%d.%d", (long) now, hostName(),
                ProcessHandle.current().pid(), nextIndex());
        Path file = logDir.resolve(name);
        try {
            Files.createDirectories(logDir);
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
            EventFileWriter writer = new EventFileWriter(file, out);
            writer.record(ScalarEvents.fileVersion(now));
            writer.flush();
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard events to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one scalar at {@code step} (buffered until {@link #flush()} or {@link #close()}). */
    public void scalar(String tag, float value, long step) {
        record(ScalarEvents.scalar(System.currentTimeMillis() / 1000.0, step, tag, value));
    }

    /** Writes what is buffered to the file. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard events to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    private void record(byte[] event) {
        try {
            TfRecords.write(out, event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard events to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    private static synchronized int nextIndex() {
        return filesThisProcess++;
    }

    /** The host name as torch writes it into file names, or {@code localhost} when it cannot be read. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
