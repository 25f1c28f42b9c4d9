package dev.cpotoolkit.plot;

import dev.cpotoolkit.train.TrainingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingChartsTest {

    /** Three train rows and three eval rows, as the trainer logs them. */
    private static TrainingLog log() {
        TrainingLog log = new TrainingLog();
        for (int step = 10; step <= 30; step += 10) {
            double t = step / 30.0;
            log.add(row(step, "", t));
            log.add(row(step, "eval_", t * 0.9));
        }
        return log;
    }

    private static Map<String, Double> row(int step, String prefix, double t) {
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("step", (double) step);
        row.put("epoch", step / 10.0);
        row.put(prefix + "loss", 1 - t);
        row.put(prefix + "nll_loss", 0.5 - t / 4);
        row.put(prefix + "rewards/chosen", -1 + t);
        row.put(prefix + "rewards/rejected", -1 - t);
        row.put(prefix + "rewards/accuracies", t);
        row.put(prefix + "rewards/margins", 2 * t);
        return row;
    }

    @Test
    void standardChartsHaveTrainAndEvalSeries() {
        Map<String, XYChart> charts = TrainingCharts.standard(log().table());
        assertEquals(List.of("reward_margins", "reward_accuracies", "loss", "rewards"), List.copyOf(charts.keySet()));
        assertEquals(2, charts.get("reward_margins").getSeriesMap().size());
        assertEquals(4, charts.get("loss").getSeriesMap().size());
        assertEquals(4, charts.get("rewards").getSeriesMap().size());
        // Eval rows have no train columns: each series holds only its own three points.
        assertEquals(3, charts.get("reward_margins").getSeriesMap().get("train rewards/margins").getXData().length);
    }

    @Test
    void everyStandardChartRendersToANonEmptyPngHeadless(@TempDir Path dir) throws Exception {
        assertTrue(GraphicsEnvironment.isHeadless(), "surefire runs headless, as CI and Binder do");
        List<Path> files = TrainingCharts.saveStandard(log().table(), dir.resolve("charts"));
        assertEquals(4, files.size());
        for (Path file : files) {
            assertTrue(Files.size(file) > 1000, file + " is too small to be a chart");
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(800, image.getWidth());
            assertEquals(450, image.getHeight());
        }
    }

    @Test
    void chartsOfALogAreImagesForNotebooks() {
        BufferedImage image = ChartImages.toImage(TrainingCharts.rewardAccuracies(log().table()));
        assertEquals(800, image.getWidth());
        assertTrue(hasTwoColours(image), "the image is blank");
    }

    @Test
    void theLossCanBeDrawnOnALogScaleUnlessAValueIsNotPositive() {
        XYChart nll = TrainingCharts.logScale(TrainingCharts.metric(log().table(), "NLL", "nll_loss"));
        assertTrue(nll.getStyler().isYAxisLogarithmic());
        assertEquals("nll_loss (log scale)", nll.getYAxisTitle());
        assertTrue(hasTwoColours(ChartImages.toImage(nll)));
        XYChart loss = TrainingCharts.logScale(TrainingCharts.loss(log().table()));
        assertFalse(loss.getStyler().isYAxisLogarithmic(), "a loss that reached 0 stays on a linear axis");
    }

    @Test
    void aMetricTheRunNeverLoggedGivesAnEmptyChartThatStillRenders(@TempDir Path dir) throws Exception {
        XYChart chart = TrainingCharts.metric(log().table(), "Gradient norm", "grad_norm");
        assertTrue(chart.getSeriesMap().isEmpty());
        assertTrue(Files.size(ChartImages.savePng(chart, dir.resolve("empty.png"))) > 0);
    }

    private static boolean hasTwoColours(BufferedImage image) {
        int first = image.getRGB(0, 0);
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                if (image.getRGB(x, y) != first) {
                    return true;
                }
            }
        }
        return false;
    }
}
