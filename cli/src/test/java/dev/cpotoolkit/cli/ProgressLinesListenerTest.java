package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.TrainingProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress written to a log file: a bounded number of plain lines, never carriage-return redraws. */
class ProgressLinesListenerTest {

    @Test
    void aLongRunPrintsAboutTwentyPlainLinesEndingWithTheLastStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLinesListener lines = new ProgressLinesListener(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        lines.onTrainBegin(new TrainingProgress(0, 600, 0, 0, 0));
        for (int step = 1; step <= 600; step++) {
            lines.onStepEnd(new TrainingProgress(step, 600, 0, step * 0.5, step),
                    Map.of("loss", 0.5, "rewards/accuracies", 0.75, "rewards/margins", 1.25));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "no redraws in a log");
        String[] printed = text.strip().split("\n");
        assertEquals(ProgressLinesListener.LINES, printed.length);
        assertEquals("train 600/600 (100%) elapsed 0:05:00 eta 0:00:00  loss 0.5000 acc 0.75 margin 1.250",
                printed[printed.length - 1]);
        assertTrue(printed[0].startsWith("train 30/600 (5%)"), printed[0]);
    }
}
