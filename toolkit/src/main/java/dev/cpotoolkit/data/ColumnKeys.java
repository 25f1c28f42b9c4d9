package dev.cpotoolkit.data;

import com.google.gson.JsonObject;

/**
 * Which columns hold the prompt, chosen and rejected texts when a dataset
 * names them otherwise (OpenRLHF's {@code prompt_key}, {@code chosen_key},
 * {@code rejected_key}). A mapped column is read under the standard name; a
 * column already carrying a standard name that another column is mapped to is
 * left out, so it cannot be confused with the mapped one.
 */
record ColumnKeys(String prompt, String chosen, String rejected) {

    static final ColumnKeys DEFAULT = new ColumnKeys("prompt", "chosen", "rejected");

    ColumnKeys {
        check(prompt, "prompt_key");
        check(chosen, "chosen_key");
        check(rejected, "rejected_key");
    }

    private static void check(String column, String setting) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException(setting + " must name a column");
        }
    }

    ColumnKeys withPrompt(String column) {
        return new ColumnKeys(column, chosen, rejected);
    }

    ColumnKeys withChosen(String column) {
        return new ColumnKeys(prompt, column, rejected);
    }

    ColumnKeys withRejected(String column) {
        return new ColumnKeys(prompt, chosen, column);
    }

    boolean isDefault() {
        return equals(DEFAULT);
    }

    /** The column read as {@code standard} ({@code prompt}, {@code chosen} or {@code rejected}). */
    String columnFor(String standard) {
        return switch (standard) {
            case "prompt" -> prompt;
            case "chosen" -> chosen;
            case "rejected" -> rejected;
            default -> throw new IllegalArgumentException(standard);
        };
    }

    /** A copy of the row with the mapped columns under the standard names. */
    JsonObject rename(JsonObject row) {
        JsonObject renamed = row.deepCopy();
        for (String standard : new String[] {"prompt", "chosen", "rejected"}) {
            String column = columnFor(standard);
            if (!column.equals(standard)) {
                renamed.remove(standard);
            }
        }
        for (String standard : new String[] {"prompt", "chosen", "rejected"}) {
            String column = columnFor(standard);
            if (!column.equals(standard) && row.has(column)) {
                renamed.remove(column);
                renamed.add(standard, row.get(column));
            }
        }
        return renamed;
    }
}
