package dev.cpotoolkit.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.XYChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Charts of several runs straight from their folders: one line per folder, in
 * the order given (legends and {@link RunComparison#runs()} alike), with each
 * run's own steps and values; a folder that is not a run is named.
 */
class RunFoldersChartTest {

    /** A run folder whose metrics.csv logs margins of {@code scale * step} at steps 1..3. */
    private static Path run(Path parent, String name, double scale) throws Exception {
        Path folder = Files.createDirectories(parent.resolve(name));
        StringBuilder csv = new StringBuilder("step,loss,rewards/margins\n");
        for (int step = 1; step <= 3; step++) {
            csv.append(step).append(',').append(1.0 / step).append(',').append(scale * step).append('\n');
        }
        Files.writeString(folder.resolve("metrics.csv"), csv);
        return folder;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alpha,beta,gamma,delta,epsilon", "zeta,eta,theta,iota,kappa,lambda,mu",
            "run-9,run-10,run-1,run-2,run-30,run-3"})
    void oneLinePerFolderInTheOrderGiven(String names, @TempDir Path dir) throws Exception {
        List<Path> folders = new ArrayList<>();
        String[] order = names.split(",");
        for (int i = 0; i < order.length; i++) {
            folders.add(run(dir, order[i], i + 1));
        }
        XYChart chart = TrainingCharts.compareRuns("rewards/margins", folders.toArray(Path[]::new));
        assertEquals(Arrays.asList(order), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(Arrays.asList(order), List.copyOf(RunComparison.of(folders).runs().keySet()));
        for (int i = 0; i < order.length; i++) {
            var series = chart.getSeriesMap().get(order[i]);
            assertArrayEquals(new double[] {1, 2, 3}, series.getXData(), order[i] + ": steps");
            double scale = i + 1;
            assertArrayEquals(new double[] {scale, 2 * scale, 3 * scale}, series.getYData(), 1e-12,
                    order[i] + ": its own margins");
        }
    }

    @Test
    void aFolderThatIsNotARunIsNamed(@TempDir Path dir) throws Exception {
        Path good = run(dir, "good", 1);
        Path empty = Files.createDirectories(dir.resolve("not-a-run"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCharts.compareRuns("loss", good, empty));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("metrics.csv"),
                e.getMessage());
    }
}
