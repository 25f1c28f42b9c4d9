package dev.cpotoolkit.data.chat.jinja;

import java.util.AbstractList;

/** What {@code range(...)} returns: a lazy sequence of integers that prints as {@code range(0, 3)}. */
final class PyRange extends AbstractList<Object> {

    /** Jinja2's sandbox refuses longer ranges (its {@code MAX_RANGE}). */
    static final long MAX_LENGTH = 100_000;

    private final long start;
    private final long stop;
    private final long step;
    private final int size;

    PyRange(long start, long stop, long step) {
        if (step == 0) {
            throw JinjaError.value("range() arg 3 must not be zero");
        }
        this.start = start;
        this.stop = stop;
        this.step = step;
        long count;
        if (step > 0) {
            count = start < stop ? (stop - start + step - 1) / step : 0;
        } else {
            count = start > stop ? (start - stop - step - 1) / -step : 0;
        }
        if (count > MAX_LENGTH) {
            throw new JinjaError(JinjaError.Kind.OVERFLOW, "Range too big. The sandbox blocks ranges larger than"
                    + " MAX_RANGE (" + MAX_LENGTH + ").");
        }
        this.size = (int) count;
    }

    long start() {
        return start;
    }

    long step() {
        return step;
    }

    @Override
    public Object get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return start + index * step;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return step == 1 ? "range(" + start + ", " + stop + ")" : "range(" + start + ", " + stop + ", " + step + ")";
    }
}
