package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.TrainingListener;
import dev.cpotoolkit.train.TrainingProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A terminal progress bar for a training run: steps done of the total, ETA,
 * and the latest step's loss, reward accuracy and reward margin.
 */
final class ProgressBarListener implements TrainingListener {

    /** The width of the numbers a CPO step shows, before the first step has any. */
    static final String TYPICAL_NUMBERS = "loss 0.0000 acc 0.00 margin -00.000";

    private final PrintStream out;
    private final int width;
    private ProgressBar bar;

    /** @param out the stream the bar is drawn on (the terminal's standard error), as wide as the terminal */
    ProgressBarListener(PrintStream out) {
        this(out, 0);
    }

    /**
     * @param out   the stream the bar is drawn on
     * @param width the line's width in characters; 0 to ask the terminal
     */
    ProgressBarListener(PrintStream out, int width) {
        this.out = out;
        this.width = width;
    }

    @Override
    public void onTrainBegin(TrainingProgress progress) {
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(progress.totalSteps())
                // A resumed run starts part-way; the ETA counts only this call's steps.
                .startsFrom(progress.step(), Duration.ZERO)
                .setUpdateIntervalMillis(250)
                // Room for the numbers from the first frame: the bar keeps its width when they appear.
                .setRenderer(new TrainingBarLayout(TYPICAL_NUMBERS))
                .setConsumer(width > 0 ? new ConsoleProgressBarConsumer(out, width) : new ConsoleProgressBarConsumer(out))
                .build();
    }

    @Override
    public void onStepEnd(TrainingProgress progress, Map<String, Double> metrics) {
        bar.stepTo(progress.step());
        bar.setExtraMessage(summary(metrics));
    }

    /** The latest step's numbers, as the bar and the log lines show them. */
    static String summary(Map<String, Double> metrics) {
        double margin = metrics.getOrDefault("rewards/margins", Double.NaN);
        // SFT scores no rejected answer: its rewards are NaN, so only the loss means something.
        return Double.isNaN(margin)
                ? String.format(Locale.ROOT, "loss %.4f", metrics.getOrDefault("loss", Double.NaN))
                : String.format(Locale.ROOT, "loss %.4f acc %.2f margin %.3f",
                        metrics.getOrDefault("loss", Double.NaN),
                        metrics.getOrDefault("rewards/accuracies", Double.NaN), margin);
    }

    /**
     * The progress display for {@code err}: this bar when standard error is a
     * terminal, else plain lines ({@link ProgressLinesListener}), so a log file
     * does not fill with hundreds of carriage-return redraws.
     */
    static TrainingListener forStandardError(PrintStream err) {
        return Terminal.isStandardError() ? new ProgressBarListener(err) : new ProgressLinesListener(err);
    }

    @Override
    public void onTrainEnd(TrainingProgress progress) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
