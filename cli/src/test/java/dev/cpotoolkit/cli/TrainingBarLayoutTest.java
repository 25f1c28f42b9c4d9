package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.TrainingProgress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training bar on terminals of several widths: it keeps its width when the
 * step's numbers appear, never overflows the line, and shows the numbers whole
 * on an 80-column terminal.
 */
class TrainingBarLayoutTest {

    private static final String NUMBERS = "loss 0.1079 acc 1.00 margin 6.783";

    /** The bar's characters between '[' and ']'. */
    private static int barWidth(String frame) {
        return frame.indexOf(']') - frame.indexOf('[') - 1;
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 80, 100, 160})
    void theBarKeepsItsWidthWhenTheNumbersAppear(int width) {
        TrainingBarLayout layout = new TrainingBarLayout(ProgressBarListener.TYPICAL_NUMBERS);
        String before = layout.line("train", 0, 600, Duration.ZERO, null, "", width);
        String after = layout.line("train", 57, 600, Duration.ofSeconds(9), Duration.ofSeconds(86), NUMBERS, width);
        String last = layout.line("train", 600, 600, Duration.ofSeconds(95), Duration.ZERO, NUMBERS, width);
        for (String frame : List.of(before, after, last)) {
            assertTrue(frame.length() <= width, () -> "longer than " + width + ": '" + frame + "'");
            assertTrue(barWidth(frame) >= TrainingBarLayout.MIN_BAR, () -> "bar too narrow: '" + frame + "'");
        }
        assertEquals(barWidth(before), barWidth(after), () -> before + "\n" + after);
        assertEquals(barWidth(after), barWidth(last), () -> after + "\n" + last);
        assertEquals(before.length(), after.length(), "frames of one length leave nothing behind on redraw");
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 100})
    void onAnEightyColumnTerminalTheNumbersAndTheTimeLeftFit(int width) {
        String frame = new TrainingBarLayout(ProgressBarListener.TYPICAL_NUMBERS)
                .line("train", 58, 600, Duration.ofSeconds(9), Duration.ofSeconds(84), NUMBERS, width);
        assertTrue(frame.stripTrailing().endsWith(NUMBERS), frame);
        assertTrue(frame.contains("1:24"), () -> "time left shown: " + frame);
        assertTrue(frame.startsWith("train   9% ["), frame);
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 45})
    void aNarrowTerminalCutsTheNumbersNotTheBar(int width) {
        String frame = new TrainingBarLayout(ProgressBarListener.TYPICAL_NUMBERS)
                .line("train", 300, 600, Duration.ofSeconds(50), Duration.ofSeconds(50), NUMBERS, width);
        assertTrue(frame.length() <= width, frame);
        assertTrue(barWidth(frame) >= Math.min(TrainingBarLayout.MIN_BAR, width - "train  50% [] 300/600".length()),
                frame);
    }

    /** Through progressbar itself: every frame it drew at 80 columns. */
    @ParameterizedTest
    @ValueSource(ints = {80})
    void everyFrameTheLibraryDrawsFitsAndKeepsTheBarWidth(int width) throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBarListener listener = new ProgressBarListener(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                width);
        listener.onTrainBegin(new TrainingProgress(0, 40, 0, 0, 0));
        Thread.sleep(300);
        for (int step = 1; step <= 40; step++) {
            listener.onStepEnd(new TrainingProgress(step, 40, 0, step, step),
                    Map.of("loss", 0.5, "rewards/accuracies", 0.75, "rewards/margins", 12.25));
            if (step % 10 == 0) {
                Thread.sleep(300);
            }
        }
        listener.onTrainEnd(new TrainingProgress(40, 40, 0, 40, 40));
        List<String> frames = Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("[\r\n]"))
                .filter(frame -> frame.startsWith("train")).toList();
        assertTrue(frames.size() >= 3, () -> "frames drawn: " + frames);
        int first = barWidth(frames.get(0));
        for (String frame : frames) {
            assertTrue(frame.length() <= width, frame);
            assertEquals(first, barWidth(frame), () -> String.join("\n", frames));
        }
        assertTrue(frames.get(frames.size() - 1).contains("loss 0.5000 acc 0.75 margin 12.250"),
                frames.get(frames.size() - 1));
    }
}
