package dev.cpotoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cpo compare}: two real runs in, one chart per metric and a summary out; a non-run folder refused. */
class CompareCommandTest {

    private static Path run(Path dir, String name, String loss) {
        Path run = dir.resolve(name);
        Cli train = Cli.run("train", "--dataset", Cli.SEED_CHAT.toString(), "--max-steps", "4", "--logging-steps", "2",
                "--learning-rate", "2e-3", "--loss-type", loss, "--output", run.toString(), "--no-progress");
        assertEquals(0, train.exitCode(), train.err());
        return run;
    }

    @Test
    void twoRunsGiveAChartPerMetricAndATable(@TempDir Path dir) throws Exception {
        Path sigmoid = run(dir, "sigmoid", "sigmoid");
        Path hinge = run(dir, "hinge", "hinge");
        Path out = dir.resolve("comparison");
        Cli compare = Cli.run("compare", sigmoid.toString(), hinge.toString(), "--output", out.toString());
        assertEquals(0, compare.exitCode(), compare.err());
        for (String file : List.of("rewards_margins.png", "rewards_accuracies.png", "loss.png", "summary.csv")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, summary.size(), summary.toString());
        assertTrue(summary.get(0).startsWith("run,steps,loss,rewards/accuracies,rewards/margins"), summary.get(0));
        assertTrue(summary.get(1).startsWith("sigmoid,4,") && summary.get(2).startsWith("hinge,4,"), summary.toString());
        assertTrue(compare.out().contains("sigmoid") && compare.out().contains("hinge"), compare.out());
    }

    @Test
    void aFolderThatIsNotARunIsNamed(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("not-a-run"));
        Cli compare = Cli.run("compare", empty.toString(), "--output", dir.resolve("out").toString());
        assertEquals(2, compare.exitCode());
        assertTrue(compare.err().contains(empty + " is not a run folder: it has no metrics.csv"), compare.err());
    }
}
