package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.PreferenceScorer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code cpo evaluate}'s progress on standard error: a line at every tenth of
 * the pairs (plain lines, readable in a terminal and in a log), with the pace
 * and the time left, so a long evaluation is not silent.
 */
final class ScoringProgress implements PreferenceScorer.Progress {

    private final PrintStream err;
    private long start = System.nanoTime();
    private int nextTenth = 1;

    /** @param err where the lines go */
    ScoringProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void tokenized(int pairs, Duration took) {
        err.printf(Locale.ROOT, "evaluate: tokenized %d pairs in %.1f s%n", pairs, took.toMillis() / 1000.0);
        err.flush();
        // The pace and time left are the scoring's own.
        start = System.nanoTime();
    }

    @Override
    public void scored(int scored, int total) {
        if (total <= 0 || scored * 10L < (long) nextTenth * total) {
            return;
        }
        while (scored * 10L >= (long) nextTenth * total) {
            nextTenth++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double left = seconds / scored * (total - scored);
        err.printf(Locale.ROOT, "evaluate: scored %d/%d pairs (%.0f%%), %.0f pairs/s, %.0f s left%n", scored, total,
                100.0 * scored / total, scored / Math.max(seconds, 1e-9), left);
        err.flush();
    }
}
