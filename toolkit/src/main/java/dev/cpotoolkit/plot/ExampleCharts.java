package dev.cpotoolkit.plot;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Charts of per-example tables ({@code trainer.inspect(dataset)}, or the CSV
 * {@code ./cpo evaluate} writes): how reward margins are distributed, and each
 * example's chosen reward against its rejected one.
 */
public final class ExampleCharts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int DEFAULT_BINS = 12;

    private ExampleCharts() {}

    /** Histogram of the {@code margin} column, twelve bins. */
    public static CategoryChart marginHistogram(Table examples) {
        return marginHistogram(Map.of("margin", examples), DEFAULT_BINS);
    }

    /**
     * Histograms of the {@code margin} column of several tables on shared bins
     * (for example before and after training), one bar series per table.
     *
     * @param tables series name to per-example table, in legend order
     * @param bins   number of bins
     */
    public static CategoryChart marginHistogram(Map<String, Table> tables, int bins) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Map.Entry<String, Table> entry : tables.entrySet()) {
            List<Double> margins = column(entry.getValue(), "margin");
            for (double m : margins) {
                min = Math.min(min, m);
                max = Math.max(max, m);
            }
            values.put(entry.getKey(), margins);
        }
        if (min == max) {
            // One value (or none): widen so the single bar has a bin around it.
            min -= 0.5;
            max += 0.5;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Reward margins per example").xAxisTitle("margin (chosen - rejected reward)")
                .yAxisTitle("examples").build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setOverlapped(tables.size() > 1);
        chart.getStyler().setXAxisLabelRotation(45);
        for (Map.Entry<String, List<Double>> entry : values.entrySet()) {
            Histogram histogram = new Histogram(entry.getValue(), bins, min, max);
            List<String> labels = new ArrayList<>();
            for (double center : histogram.getxAxisData()) {
                labels.add(String.format(Locale.ROOT, "%.2f", center));
            }
            chart.addSeries(entry.getKey(), labels, histogram.getyAxisData());
        }
        return chart;
    }

    /**
     * Each example's chosen reward (x) against its rejected reward (y), with the
     * diagonal: points below it are pairs the model already ranks correctly.
     */
    public static XYChart rewardScatter(Table examples) {
        List<Double> chosen = column(examples, "reward_chosen");
        List<Double> rejected = column(examples, "reward_rejected");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Chosen vs rejected rewards")
                .xAxisTitle("reward of the chosen answer").yAxisTitle("reward of the rejected answer").build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.addSeries("examples", chosen, rejected).setMarker(SeriesMarkers.CIRCLE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Double> list : List.of(chosen, rejected)) {
            for (double v : list) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo <= hi) {
            XYSeries diagonal = chart.addSeries("chosen = rejected", new double[] {lo, hi}, new double[] {lo, hi});
            diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            diagonal.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** The present values of a numeric column, or an error naming the missing column. */
    static List<Double> column(Table table, String name) {
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no column " + name
                    + " (expected a per-example table from trainer.inspect)");
        }
        NumericColumn<?> column = table.numberColumn(name);
        List<Double> values = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            if (!column.isMissing(row)) {
                values.add(column.getDouble(row));
            }
        }
        return values;
    }
}
