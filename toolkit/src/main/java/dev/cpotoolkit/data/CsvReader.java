package dev.cpotoolkit.data;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads CSV as RFC 4180 describes it: comma-separated fields, records ended by CRLF or LF, fields
 * in double quotes may hold commas, line breaks and doubled quotes ({@code ""}). The first record
 * is the header and must name {@code chosen} and {@code rejected} (and {@code prompt}, unless the
 * prompts are implicit). Every cell is text.
 *
 * <p>Strict where leniency would corrupt data: a quote inside an unquoted field or text after a
 * closing quote makes that record unreadable, a record with the wrong number of fields is
 * unreadable, and a quote that is never closed makes the whole file unreadable, because no
 * record boundary after it can be trusted. Completely empty lines between records are ignored.
 */
final class CsvReader {

    private CsvReader() {
    }

    static List<RawRow> read(Path file) {
        String text = TextFiles.read(file);
        TextFiles.requireContent(file, text);
        List<CsvRecord> records = new Parser(file, text).records();
        CsvRecord header = records.get(0);
        if (header.error() != null) {
            throw DatasetFormatException.forInputAtLine(file, header.line(), "header: " + header.error());
        }
        List<String> columns = header.fields();
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (!seen.add(column)) {
                throw DatasetFormatException.forInput(file, file.toString(), column, "duplicate column in header", null);
            }
        }
        for (String required : List.of("chosen", "rejected")) {
            if (!seen.contains(required)) {
                throw DatasetFormatException.forInput(file, file.toString(), required,
                        "missing column '" + required + "' in header " + columns, null);
            }
        }
        if (records.size() == 1) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "header only: no rows", null);
        }
        List<RawRow> rows = new ArrayList<>(records.size() - 1);
        for (int index = 1; index < records.size(); index++) {
            CsvRecord record = records.get(index);
            ExampleSource source = new ExampleSource(file, file.toString(), index - 1, record.line());
            if (record.error() != null) {
                rows.add(RawRow.unreadable(source, record.error()));
            } else if (record.fields().size() != columns.size()) {
                rows.add(RawRow.unreadable(source, "expected " + columns.size() + " fields " + columns + ", found "
                        + record.fields().size()));
            } else {
                JsonObject fields = new JsonObject();
                for (int column = 0; column < columns.size(); column++) {
                    fields.addProperty(columns.get(column), record.fields().get(column));
                }
                rows.add(RawRow.of(source, fields));
            }
        }
        return rows;
    }

    /**
     * One parsed record.
     *
     * @param line   the 1-based line it starts on
     * @param fields its fields
     * @param error  a syntax problem confined to this record, or null
     */
    record CsvRecord(int line, List<String> fields, String error) {
    }

    /** A single pass over the text; a small state machine, one record at a time. */
    static final class Parser {
        private final Path file;
        private final String text;
        private int position;
        private int line = 1;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        List<CsvRecord> records() {
            List<CsvRecord> records = new ArrayList<>();
            while (position < text.length()) {
                if (atLineBreak()) {
                    skipLineBreak(); // an empty line is no record
                    continue;
                }
                records.add(nextRecord());
            }
            return records;
        }

        private CsvRecord nextRecord() {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            String error = null;
            while (true) {
                StringBuilder field = new StringBuilder();
                if (position < text.length() && text.charAt(position) == '"') {
                    int quoteLine = line;
                    position++;
                    while (true) {
                        if (position >= text.length()) {
                            throw DatasetFormatException.forInputAtLine(file, quoteLine,
                                    "unterminated quoted field (the quote opened here is never closed)");
                        }
                        char c = text.charAt(position);
                        if (c == '"') {
                            if (position + 1 < text.length() && text.charAt(position + 1) == '"') {
                                field.append('"');
                                position += 2;
                                continue;
                            }
                            position++;
                            break;
                        }
                        if (c == '\n' || (c == '\r' && !(position + 1 < text.length() && text.charAt(position + 1) == '\n'))) {
                            line++;
                        }
                        field.append(c);
                        position++;
                    }
                    if (position < text.length() && text.charAt(position) != ',' && !atLineBreak()) {
                        if (error == null) {
                            error = "text after the closing quote of field " + (fields.size() + 1);
                        }
                        while (position < text.length() && text.charAt(position) != ',' && !atLineBreak()) {
                            position++;
                        }
                    }
                } else {
                    while (position < text.length() && text.charAt(position) != ',' && !atLineBreak()) {
                        char c = text.charAt(position);
                        if (c == '"' && error == null) {
                            error = "quote inside unquoted field " + (fields.size() + 1)
                                    + " (quote the field and double the quote: \"\")";
                        }
                        field.append(c);
                        position++;
                    }
                }
                fields.add(field.toString());
                if (position < text.length() && text.charAt(position) == ',') {
                    position++;
                    continue;
                }
                skipLineBreak();
                return new CsvRecord(startLine, fields, error);
            }
        }

        private boolean atLineBreak() {
            return position < text.length() && (text.charAt(position) == '\n' || text.charAt(position) == '\r');
        }

        private void skipLineBreak() {
            if (position < text.length() && text.charAt(position) == '\r') {
                position++;
            }
            if (position < text.length() && text.charAt(position) == '\n') {
                position++;
            }
            line++;
        }
    }
}
