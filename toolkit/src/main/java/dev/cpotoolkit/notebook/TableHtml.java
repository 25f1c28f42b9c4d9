package dev.cpotoolkit.notebook;

import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.Locale;

/**
 * A Tablesaw {@link Table} as an HTML table for notebooks (tablesaw-core has
 * no HTML writer). Long tables keep their head and tail with a note of how many
 * rows were left out, long texts are shortened, every cell is HTML-escaped, and
 * decimals show four places so metrics line up.
 */
public final class TableHtml {

    /** Rows shown in full; longer tables show half of this from each end. */
    public static final int MAX_ROWS = 20;
    /** Characters shown of a text cell before it is shortened. */
    public static final int MAX_CELL_CHARS = 120;

    private TableHtml() {}

    /** The table as HTML, truncated to {@link #MAX_ROWS} rows. */
    public static String render(Table table) {
        return render(table, MAX_ROWS);
    }

    /**
     * The table as HTML.
     *
     * @param maxRows rows shown before the middle is left out (at least 2)
     */
    public static String render(Table table, int maxRows) {
        int rows = table.rowCount();
        int head = rows <= maxRows ? rows : Math.max(1, maxRows / 2);
        int tail = rows <= maxRows ? 0 : Math.max(1, maxRows - head);
        StringBuilder html = new StringBuilder("<table class=\"cpo-table\">\n");
        html.append("<caption>").append(Html.escape(table.name() == null ? "" : table.name()))
                .append(" (").append(rows).append(rows == 1 ? " row" : " rows").append(" × ")
                .append(table.columnCount()).append(" columns)</caption>\n<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th>").append(Html.escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int row = 0; row < head; row++) {
            appendRow(html, table, row);
        }
        if (tail > 0) {
            html.append("<tr><td colspan=\"").append(table.columnCount()).append("\"><i>… ")
                    .append(rows - head - tail).append(" more rows …</i></td></tr>\n");
            for (int row = rows - tail; row < rows; row++) {
                appendRow(html, table, row);
            }
        }
        return html.append("</tbody>\n</table>").toString();
    }

    /** The plain-text form shown where HTML is not: Tablesaw's own layout, head and tail. */
    public static String text(Table table) {
        return table.print(MAX_ROWS);
    }

    private static void appendRow(StringBuilder html, Table table, int row) {
        html.append("<tr>");
        for (Column<?> column : table.columns()) {
            boolean number = column instanceof NumberColumn;
            html.append(number ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                    .append(Html.escape(cell(column, row))).append("</td>");
        }
        html.append("</tr>\n");
    }

    /** One cell as text: decimals to four places, long texts shortened, missing values empty. */
    static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        Object value = column.get(row);
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d != 0 && Math.abs(d) < 1e-3 ? String.format(Locale.ROOT, "%.3e", d)
                    : String.format(Locale.ROOT, "%.4f", d);
        }
        String text = String.valueOf(value);
        return text.length() <= MAX_CELL_CHARS ? text : text.substring(0, MAX_CELL_CHARS - 1) + "…";
    }
}
