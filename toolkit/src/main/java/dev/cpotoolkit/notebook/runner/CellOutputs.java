package dev.cpotoolkit.notebook.runner;

import dev.cpotoolkit.notebook.MimeBundle;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The outputs of one cell in the order they appeared: text written to standard
 * output or error (consecutive writes to one stream merge, as in Jupyter),
 * displays, and the cell's result. Written to from any thread.
 */
final class CellOutputs {

    /** One output of a cell. */
    sealed interface Output permits Stream, Display, Result {}

    /** Text on {@code stdout} or {@code stderr}. */
    static final class Stream implements Output {
        final String name;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Stream(String name) {
            this.name = name;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** A {@code display(...)} output; {@code updateDisplay} replaces its bundle. */
    static final class Display implements Output {
        final String id;
        volatile MimeBundle bundle;

        Display(String id, MimeBundle bundle) {
            this.id = id;
            this.bundle = bundle;
        }
    }

    /** The value of the cell's last expression. */
    record Result(MimeBundle bundle) implements Output {}

    private final List<Output> outputs = new ArrayList<>();

    /** Appends {@code length} bytes to the stream {@code name}. */
    synchronized void write(String name, byte[] data, int offset, int length) {
        Stream stream = outputs.isEmpty() || !(outputs.get(outputs.size() - 1) instanceof Stream last)
                || !last.name.equals(name) ? null : last;
        if (stream == null) {
            stream = new Stream(name);
            outputs.add(stream);
        }
        stream.bytes.write(data, offset, length);
    }

    /** Adds a display output. */
    synchronized Display display(String id, MimeBundle bundle) {
        Display display = new Display(id, bundle);
        outputs.add(display);
        return display;
    }

    /** Adds the cell's result. */
    synchronized void result(MimeBundle bundle) {
        outputs.add(new Result(bundle));
    }

    /** The outputs so far. */
    synchronized List<Output> outputs() {
        return List.copyOf(outputs);
    }

    /** An output stream appending to the stream output {@code name} of whichever cell is current. */
    static OutputStream sink(java.util.function.Supplier<CellOutputs> current, String name) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                CellOutputs cell = current.get();
                if (cell != null) {
                    cell.write(name, data, offset, length);
                }
            }
        };
    }
}
