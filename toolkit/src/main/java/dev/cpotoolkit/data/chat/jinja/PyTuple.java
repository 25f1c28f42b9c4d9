package dev.cpotoolkit.data.chat.jinja;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A Python tuple: an immutable sequence that prints as {@code (1, 2)} and never equals a list,
 * which is why it is not just a Java {@code List}. Tuples come from {@code (a, b)} literals,
 * {@code dict.items()}, {@code dictsort} and the like.
 */
public class PyTuple extends AbstractList<Object> {

    private final Object[] items;

    /**
     * A tuple of the given items.
     *
     * @param items the items, copied
     */
    public PyTuple(List<?> items) {
        this.items = items.toArray();
    }

    /**
     * A tuple of the given items.
     *
     * @param items the items, copied
     * @return the tuple
     */
    public static PyTuple of(Object... items) {
        return new PyTuple(Arrays.asList(items));
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PyTuple && Compare.equal(this, other);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return Repr.repr(this);
    }
}
