package dev.cpotoolkit.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf bytes of the two TensorBoard events a scalar log needs, encoded
 * by hand from {@code tensorflow/core/util/event.proto} and
 * {@code summary.proto}: the file-version event that opens every event file
 * ({@code Event{wall_time=1, step=2, file_version=3}}) and a scalar summary
 * ({@code Event{wall_time, step, summary=5}}, {@code Summary{value=1}},
 * {@code Summary.Value{tag=1, simple_value=2}}), the form
 * {@code torch.utils.tensorboard}'s {@code add_scalar} writes.
 */
public final class ScalarEvents {

    /** The version string TensorBoard expects first in a file. */
    public static final String FILE_VERSION = "brain.Event:2";

    private ScalarEvents() {}

    /** {@code Event{wall_time, step: 0, file_version: "brain.Event:2"}}. */
    public static byte[] fileVersion(double wallTime) {
        Proto event = new Proto();
        event.fixed64(1, wallTime);
        event.varint(2, 0);
        event.bytes(3, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
        return event.toByteArray();
    }

    /** {@code Event{wall_time, step, summary{value{tag, simple_value}}}}. */
    public static byte[] scalar(double wallTime, long step, String tag, float value) {
        Proto summaryValue = new Proto();
        summaryValue.bytes(1, tag.getBytes(StandardCharsets.UTF_8));
        summaryValue.fixed32(2, value);
        Proto summary = new Proto();
        summary.bytes(1, summaryValue.toByteArray());
        Proto event = new Proto();
        event.fixed64(1, wallTime);
        event.varint(2, step);
        event.bytes(5, summary.toByteArray());
        return event.toByteArray();
    }

    /** Just enough of the protobuf wire format: varints, fixed 32/64-bit numbers, length-delimited bytes. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            rawVarint((long) field << 3);
            rawVarint(value);
        }

        void fixed64(int field, double value) {
            rawVarint(((long) field << 3) | 1);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
        }

        void fixed32(int field, float value) {
            rawVarint(((long) field << 3) | 5);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
        }

        void bytes(int field, byte[] value) {
            rawVarint(((long) field << 3) | 2);
            rawVarint(value.length);
            out.writeBytes(value);
        }

        private void rawVarint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
