package dev.cpotoolkit.notebook;

import dev.cpotoolkit.train.TrainingListener;
import dev.cpotoolkit.train.TrainingProgress;

import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One live progress display for {@code train()} in a notebook: an HTML
 * progress bar, step of total, the latest loss, reward accuracy and margin,
 * elapsed time and ETA, updated in place at most every half second (a wall of
 * log lines, or thousands of display messages, is what it replaces). The last
 * state is always shown when training ends, interrupted or not.
 */
public final class NotebookProgress implements TrainingListener {

    /** Minimum time between two updates of the display. */
    static final long MIN_INTERVAL_NANOS = 500_000_000L;

    private final LongSupplier clock;
    private String displayId;
    private long lastUpdate;
    private Map<String, Double> latest = Map.of();

    /** A progress display on the wall clock. */
    public NotebookProgress() {
        this(System::nanoTime);
    }

    /** A progress display on {@code clock} (nanoseconds), for tests. */
    NotebookProgress(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void onTrainBegin(TrainingProgress progress) {
        latest = Map.of();
        displayId = Notebook.display(view(progress, "training"));
        lastUpdate = clock.getAsLong();
    }

    @Override
    public void onStepEnd(TrainingProgress progress, Map<String, Double> metrics) {
        latest = metrics;
        long now = clock.getAsLong();
        if (displayId != null && now - lastUpdate >= MIN_INTERVAL_NANOS) {
            Notebook.updateDisplay(displayId, view(progress, "training"));
            lastUpdate = now;
        }
    }

    @Override
    public void onTrainEnd(TrainingProgress progress) {
        if (displayId != null) {
            String state = progress.step() >= progress.totalSteps() ? "done" : "stopped";
            Notebook.updateDisplay(displayId, view(progress, state));
            displayId = null;
        }
    }

    /** The display of one moment: HTML with a {@code <progress>} bar, and the same line as text. */
    Html view(TrainingProgress progress, String state) {
        String numbers = String.format(Locale.ROOT, "step %d/%d (%.0f%%) · loss %s · acc %s · margin %s · %s",
                progress.step(), progress.totalSteps(), 100 * progress.fraction(),
                format(latest.get("loss"), "%.4f"), format(latest.get("rewards/accuracies"), "%.2f"),
                format(latest.get("rewards/margins"), "%.3f"), times(progress, state));
        String html = "<div style=\"font-family:monospace\"><b>" + Html.escape(state) + "</b> "
                + "<progress value=\"" + progress.step() + "\" max=\"" + Math.max(1, progress.totalSteps())
                + "\" style=\"width:240px;vertical-align:middle\"></progress> " + Html.escape(numbers) + "</div>";
        return new Html(html, state + " " + bar(progress.fraction()) + " " + numbers);
    }

    private static String times(TrainingProgress progress, String state) {
        String elapsed = "elapsed " + duration(progress.elapsedSeconds());
        if (!"training".equals(state)) {
            return elapsed;
        }
        double eta = progress.etaSeconds();
        return elapsed + " · ETA " + (Double.isNaN(eta) ? "?" : duration(eta));
    }

    private static String format(Double value, String pattern) {
        return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, pattern, value);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + "s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    private static String bar(double fraction) {
        int width = 20;
        int filled = (int) Math.round(fraction * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
