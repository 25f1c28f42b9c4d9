package dev.cpotoolkit.data;

import com.google.gson.JsonObject;

/**
 * One row as a reader found it, before validation: its fields as JSON values (CSV cells and
 * in-memory strings become JSON strings), or the error that kept the row from being read at all.
 *
 * @param source     where the row is
 * @param fields     the row's fields, or null when {@code parseError} is set
 * @param parseError why the row could not be read (e.g. a malformed JSON line), or null
 */
record RawRow(ExampleSource source, JsonObject fields, DatasetFormatException parseError) {

    static RawRow of(ExampleSource source, JsonObject fields) {
        return new RawRow(source, fields, null);
    }

    static RawRow unreadable(ExampleSource source, String reason) {
        return unreadable(source, null, reason);
    }

    static RawRow unreadable(ExampleSource source, String field, String reason) {
        return new RawRow(source, null, DatasetFormatException.forRow(source, field, reason));
    }
}
