package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A Python generator or iterator, as filters like {@code map}, {@code select} and {@code reverse}
 * return: it is lazy (an error in a mapped filter appears only when the items are used), can be
 * iterated once, is always true and has no length, which is why it is kept apart from lists.
 */
final class PyIterator {

    private final String typeName;
    private Iterator<Object> remaining;

    PyIterator(String typeName, Iterator<Object> items) {
        this.typeName = typeName;
        this.remaining = items;
    }

    /** The items not yet consumed; afterwards the iterator is exhausted, as in Python. */
    List<Object> drain() {
        List<Object> items = new ArrayList<>();
        Iterator<Object> source = remaining;
        remaining = List.<Object>of().iterator();
        source.forEachRemaining(items::add);
        return items;
    }

    String typeName() {
        return typeName;
    }
}
