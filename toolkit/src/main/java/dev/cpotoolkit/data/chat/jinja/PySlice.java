package dev.cpotoolkit.data.chat.jinja;

/** A {@code [start:stop:step]} subscript; any part may be null (left out). */
record PySlice(Object start, Object stop, Object step) {
}
