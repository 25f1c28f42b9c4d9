package dev.cpotoolkit.plot;

import dev.cpotoolkit.inspect.TokenLogProbs;
import dev.cpotoolkit.notebook.MimeRenderer;
import dev.cpotoolkit.train.TrainingLog;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every chart type of the notebooks renders headless to a non-empty PNG. */
class MoreChartsTest {

    private static void assertPng(Chart<?, ?> chart) {
        byte[] png = MimeRenderer.pngBytes(ChartImages.toImage(chart));
        assertTrue(png.length > 2000, "a real picture, not an empty canvas: " + png.length + " bytes");
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3));
    }

    private static TrainingLog run(double scale) {
        TrainingLog log = new TrainingLog();
        for (int step = 5; step <= 20; step += 5) {
            log.add(Map.of("step", (double) step, "loss", 1 - scale * step / 40, "rewards/margins", scale * step / 20,
                    "rewards/accuracies", Math.min(1, scale * step / 20), "nll_loss", 0.5,
                    "rewards/chosen", -1.0, "rewards/rejected", -1 - scale * step / 20));
        }
        return log;
    }

    private static Table examples() {
        return Table.create("examples",
                DoubleColumn.create("reward_chosen", -1.0, -0.8, -1.2, -0.5, -0.9),
                DoubleColumn.create("reward_rejected", -1.4, -0.7, -1.5, -1.1, -1.0),
                DoubleColumn.create("margin", 0.4, -0.1, 0.3, 0.6, 0.1));
    }

    @Test
    void standardMetricChartsRender() {
        Table log = run(1).table();
        for (Chart<?, ?> chart : List.of(TrainingCharts.rewardMargins(log), TrainingCharts.rewardAccuracies(log),
                TrainingCharts.loss(log), TrainingCharts.rewards(log))) {
            assertPng(chart);
        }
    }

    @Test
    void severalRunsOnOneChart() {
        Map<String, Table> runs = new LinkedHashMap<>();
        runs.put("sigmoid", run(1).table());
        runs.put("hinge", run(0.5).table());
        runs.put("custom", run(2).table());
        var chart = TrainingCharts.compare(runs, "rewards/margins");
        assertEquals(List.of("sigmoid", "hinge", "custom"), List.copyOf(chart.getSeriesMap().keySet()));
        assertPng(chart);
    }

    @Test
    void marginHistogramAndRewardScatter() {
        var histogram = ExampleCharts.marginHistogram(examples());
        assertEquals(1, histogram.getSeriesMap().size());
        assertPng(histogram);
        Map<String, Table> both = new LinkedHashMap<>();
        both.put("before", examples());
        both.put("after", examples());
        assertPng(ExampleCharts.marginHistogram(both, 8));
        assertPng(ExampleCharts.rewardScatter(examples()));
    }

    @Test
    void perTokenLogProbsWithTokensAsLabels() {
        var answer = new TokenLogProbs.Answer(" hi there", List.of("·", "h", "i", "·", "t", "</s>"),
                new double[] {-2.0, -1.5, -0.3, -0.9, -2.2, -0.1});
        assertEquals(-7.0, answer.sum(), 1e-9);
        assertEquals(6, answer.table().rowCount());
        var chart = TokenCharts.logProbs("chosen answer", answer);
        assertEquals(List.of("0 ·", "1 h", "2 i", "3 ·", "4 t", "5 </s>"),
                List.copyOf(chart.getSeriesMap().get("log-prob").getXData()));
        assertPng(chart);
        Map<String, TokenLogProbs.Answer> beforeAfter = new LinkedHashMap<>();
        beforeAfter.put("before", answer);
        beforeAfter.put("after", answer);
        assertPng(TokenCharts.logProbs("before and after", beforeAfter));
    }
}
