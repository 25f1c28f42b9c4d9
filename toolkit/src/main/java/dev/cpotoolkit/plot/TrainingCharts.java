package dev.cpotoolkit.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One-line charts of a training run from its metrics table
 * ({@code trainer.metrics()} or a {@code metrics.csv} read with Tablesaw): each metric over optimizer steps, training and evaluation
 * ({@code eval_}) series side by side.
 *
 * <pre>{@code
 * XYChart chart = TrainingCharts.rewardMargins(trainer.metrics());   // a notebook cell shows it ...
 * ChartImages.savePng(chart, Path.of("margins.png"));                 // ... or save it
 * }</pre>
 *
 * <p>Rows where a metric is missing (training rows have no eval columns and vice
 * versa) are skipped per series, so each line joins only its own points.
 */
public final class TrainingCharts {

    /** Default size in pixels: readable in a notebook cell and in a PNG viewer. */
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;

    private TrainingCharts() {}

    /** Reward margins (chosen minus rejected) over steps, train and eval. */
    public static XYChart rewardMargins(Table metrics) {
        return metric(metrics, "Reward margins", "rewards/margins");
    }

    /** Reward accuracies (fraction of pairs with chosen reward above rejected) over steps, train and eval. */
    public static XYChart rewardAccuracies(Table metrics) {
        return metric(metrics, "Reward accuracies", "rewards/accuracies");
    }

    /** Total loss and its NLL part over steps, train and eval. */
    public static XYChart loss(Table metrics) {
        return metric(metrics, "Loss", "loss", "nll_loss");
    }

    /** Chosen and rejected rewards over steps, train and eval. */
    public static XYChart rewards(Table metrics) {
        return metric(metrics, "Rewards", "rewards/chosen", "rewards/rejected");
    }

    /**
     * {@code chart} with a logarithmic value axis, for a loss that falls by
     * orders of magnitude and looks flat after the first steps on a linear one.
     * A log axis cannot show zero or negative values, so a chart holding any
     * (a hinge loss at 0, negative rewards) is returned unchanged.
     *
     * <pre>{@code
     * TrainingCharts.logScale(TrainingCharts.loss(trainer.metrics()))
     * }</pre>
     *
     * @return the same chart, for chaining
     */
    public static XYChart logScale(XYChart chart) {
        boolean allPositive = chart.getSeriesMap().values().stream()
                .allMatch(series -> Arrays.stream(series.getYData()).allMatch(y -> y > 0));
        if (allPositive && !chart.getSeriesMap().isEmpty()) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.setYAxisTitle(chart.getYAxisTitle() + " (log scale)");
        }
        return chart;
    }

    /**
     * Any metrics over steps: for each TRL metric name, a training series and,
     * when the table has it, the {@code eval_} series. Columns the table lacks
     * are left out, so a chart of a run without evaluation simply has fewer lines.
     *
     * @param metrics a metrics table with a {@code step} column
     * @param title   the chart title
     * @param names   TRL metric names without the {@code eval_} prefix, e.g. {@code "rewards/margins"}
     * @return the chart
     */
    public static XYChart metric(Table metrics, String title, String... names) {
        XYChart chart = newChart(title, names.length == 1 ? names[0] : "value");
        for (String name : names) {
            addSeries(chart, metrics, name, "train " + name);
            addSeries(chart, metrics, "eval_" + name, "eval " + name);
        }
        return chart;
    }

    /**
     * Several runs on one chart: {@code metric} over steps for each run, one
     * line per run named by its key (for example sigmoid vs hinge vs a custom
     * loss). A run without the metric is left out.
     *
     * @param runs   run name to its metrics table ({@code trainer.metrics()} or a
     *               {@code metrics.csv} read with Tablesaw), in legend order
     * @param metric a metric name as logged, e.g. {@code "rewards/margins"} or {@code "eval_loss"}
     * @return the chart
     */
    public static XYChart compare(Map<String, Table> runs, String metric) {
        XYChart chart = newChart(metric + " by run", metric);
        runs.forEach((name, run) -> addSeries(chart, run, metric, name));
        return chart;
    }

    /**
     * Several runs on one chart, read from their run folders: {@code metric}
     * over steps, one line per folder in the order given, named by the folder
     * ({@code TrainingCharts.compareRuns("rewards/margins", Path.of("runs/sigmoid"), Path.of("runs/hinge"))}).
     * {@link RunComparison} draws every metric and writes the summary table.
     *
     * @throws IllegalArgumentException naming a folder that is not a run folder (no {@code metrics.csv})
     */
    public static XYChart compareRuns(String metric, Path... runFolders) {
        return RunComparison.of(runFolders).chart(metric);
    }

    /**
     * The four standard charts by file stem, as {@code ./cpo train} writes them:
     * {@code reward_margins}, {@code reward_accuracies}, {@code loss}, {@code rewards}.
     */
    public static Map<String, XYChart> standard(Table metrics) {
        Map<String, XYChart> charts = new LinkedHashMap<>();
        charts.put("reward_margins", rewardMargins(metrics));
        charts.put("reward_accuracies", rewardAccuracies(metrics));
        charts.put("loss", loss(metrics));
        charts.put("rewards", rewards(metrics));
        return charts;
    }

    /**
     * Writes the {@linkplain #standard standard} charts as {@code <stem>.png} into {@code folder}.
     *
     * @return the files written, in the order of {@link #standard(Table)}
     */
    public static List<Path> saveStandard(Table metrics, Path folder) {
        List<Path> files = new ArrayList<>();
        standard(metrics).forEach((stem, chart) -> files.add(ChartImages.savePng(chart, folder.resolve(stem + ".png"))));
        return files;
    }

    private static XYChart newChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("step").yAxisTitle(yTitle).build();
        // Below the plot: an inside legend hides the late points of a converging curve.
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
        chart.getStyler().setChartTitleBoxVisible(false);
        return chart;
    }

    /** Adds the present (non-missing) points of {@code column} against {@code step}; nothing if absent. */
    private static void addSeries(XYChart chart, Table metrics, String column, String label) {
        if (!metrics.containsColumn(column) || !metrics.containsColumn("step")) {
            return;
        }
        NumericColumn<?> steps = metrics.numberColumn("step");
        NumericColumn<?> values = metrics.numberColumn(column);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int row = 0; row < metrics.rowCount(); row++) {
            if (!values.isMissing(row) && !steps.isMissing(row)) {
                x.add(steps.getDouble(row));
                y.add(values.getDouble(row));
            }
        }
        if (!x.isEmpty()) {
            // Markers keep short runs (a handful of logged rows) readable.
            chart.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
    }
}
