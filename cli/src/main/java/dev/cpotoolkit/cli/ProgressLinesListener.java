package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.TrainingListener;
import dev.cpotoolkit.train.TrainingProgress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Training progress as plain lines, for standard error redirected to a file or
 * a pipe: about {@value #LINES} lines per run (and the last step), each with
 * the step, the elapsed time, an estimate of the time left and the latest
 * step's numbers. No carriage returns, so logs stay readable.
 */
final class ProgressLinesListener implements TrainingListener {

    /** Lines a run prints, whatever its length. */
    static final int LINES = 20;

    private final PrintStream out;
    private int every = 1;
    private int firstStep;

    /** @param out where the lines go */
    ProgressLinesListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onTrainBegin(TrainingProgress progress) {
        firstStep = progress.step();
        every = Math.max(1, (progress.totalSteps() - firstStep) / LINES);
    }

    @Override
    public void onStepEnd(TrainingProgress progress, Map<String, Double> metrics) {
        if ((progress.step() - firstStep) % every != 0 && progress.step() != progress.totalSteps()) {
            return;
        }
        out.println(String.format(Locale.ROOT, "train %d/%d (%.0f%%) elapsed %s eta %s  %s", progress.step(),
                progress.totalSteps(), 100.0 * progress.step() / progress.totalSteps(),
                clock(progress.elapsedSeconds()), clock(progress.etaSeconds()), ProgressBarListener.summary(metrics)));
        out.flush();
    }

    private static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
