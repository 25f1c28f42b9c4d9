package dev.cpotoolkit.plot;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Bar charts of results per system: one group of bars per row of a results
 * table (a system, a run, a loss), one bar per metric, each bar labelled with
 * its value. Made for {@code ComparisonResult.table()} of the toy translation
 * benchmark, but any table with a text column and numeric columns works.
 *
 * <pre>{@code
 * CategoryChart chart = ComparisonCharts.metricsBySystem(result.table(), "exact_match", "token_accuracy");
 * ChartImages.savePng(chart, Path.of("cpo-vs-sft.png"));
 * }</pre>
 */
public final class ComparisonCharts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;

    private ComparisonCharts() {}

    /**
     * Bars of {@code metrics} for each row of {@code results}, grouped by its {@code system} column.
     *
     * @param results a table with a {@code system} column and the metric columns
     * @param metrics numeric column names, one bar (and legend entry) each, in order
     */
    public static CategoryChart metricsBySystem(Table results, String... metrics) {
        return bars(results, results.name(), "system", metrics);
    }

    /**
     * Bars of numeric columns per row of a table.
     *
     * @param table          the rows to chart, in order
     * @param title          the chart title
     * @param categoryColumn the column naming each row (its values label the groups)
     * @param valueColumns   numeric columns, one bar series each; missing values are drawn as 0
     * @return the chart
     * @throws IllegalArgumentException if a column is missing, no value column is given or the table is empty
     */
    public static CategoryChart bars(Table table, String title, String categoryColumn, String... valueColumns) {
        if (valueColumns.length == 0) {
            throw new IllegalArgumentException("name at least one numeric column to chart");
        }
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no rows to chart");
        }
        requireColumn(table, categoryColumn);
        List<String> categories = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            categories.add(table.column(categoryColumn).getString(row));
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(categoryColumn).yAxisTitle(valueColumns.length == 1 ? valueColumns[0] : "value").build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#0.0");
        chart.getStyler().setYAxisMin(0.0);
        for (String name : valueColumns) {
            requireColumn(table, name);
            if (!(table.column(name) instanceof NumericColumn<?> column)) {
                throw new IllegalArgumentException("column " + name + " of table '" + table.name() + "' is not numeric");
            }
            List<Double> values = new ArrayList<>();
            for (int row = 0; row < table.rowCount(); row++) {
                values.add(column.isMissing(row) ? 0.0 : column.getDouble(row));
            }
            chart.addSeries(name, categories, values);
        }
        return chart;
    }

    private static void requireColumn(Table table, String name) {
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no column " + name
                    + "; its columns are " + table.columnNames());
        }
    }
}
