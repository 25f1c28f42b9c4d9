package dev.cpotoolkit.plot;

import dev.cpotoolkit.notebook.MimeRenderer;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bar charts of a metric per system render headless, with one series per metric. */
class ComparisonChartsTest {

    private static Table results() {
        return Table.create("results",
                StringColumn.create("system", "SFT", "CPO", "SFT -> CPO"),
                DoubleColumn.create("exact_match", 60.0, 32.0, 99.4),
                DoubleColumn.create("token_accuracy", 93.2, 88.8, 99.9));
    }

    @Test
    void metricsPerSystemRenderToPng(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        CategoryChart chart = ComparisonCharts.metricsBySystem(results(), "exact_match", "token_accuracy");
        assertEquals(List.of("exact_match", "token_accuracy"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(List.of("SFT", "CPO", "SFT -> CPO"),
                List.copyOf(chart.getSeriesMap().get("exact_match").getXData()));
        byte[] png = MimeRenderer.pngBytes(ChartImages.toImage(chart));
        assertTrue(png.length > 2000, "a real picture: " + png.length + " bytes");
        assertEquals("PNG", new String(png, 1, 3));
        Path file = ChartImages.savePng(ComparisonCharts.bars(results(), "EM", "system", "exact_match"),
                dir.resolve("em.png"));
        assertTrue(Files.size(file) > 2000);
    }

    @Test
    void badColumnsAreNamed() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ComparisonCharts.metricsBySystem(results(), "bleu"));
        assertTrue(missing.getMessage().contains("bleu"), missing.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> ComparisonCharts.bars(results(), "t", "exact_match", "system"));
        assertTrue(text.getMessage().contains("not numeric"), text.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ComparisonCharts.metricsBySystem(results()));
    }
}
