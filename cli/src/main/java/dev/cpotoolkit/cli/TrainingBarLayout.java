package dev.cpotoolkit.cli;

import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

import java.time.Duration;
import java.util.Locale;

/**
 * Lays out the training bar's one terminal line so the bar stays readable when
 * the step's numbers appear beside it.
 *
 * <p>progressbar's own renderer gives the bar whatever the rest of the line
 * leaves: on an 80-column terminal it shrank from 50 characters to 6 once
 * "loss 0.1079 acc 1.00 margin 6.783" joined the line, and a line longer than
 * the terminal wraps, after which every carriage-return redraw prints a new
 * line. Here room for the numbers is kept from the first frame, so the bar has
 * the same width before and after they appear; the bar never gets fewer than
 * {@value #MIN_BAR} characters on a terminal that can hold that; when space is
 * short the elapsed time goes first, then the time left, then the numbers are
 * cut at the end; and the line never exceeds the terminal's width. Each frame is padded
 * to the same length, so a shorter frame does not leave the previous one's
 * tail on screen. ASCII only: terminals without UTF-8 ({@code LANG=C}) would
 * show block characters as '?'.
 *
 * <pre>
 * train  96% [=========================&gt; ] 58/60 0:09&lt;0:01 loss 0.1091 acc 1.00 margin 6.759      (92 columns)
 * train  96% [==================&gt;] 58/60 ~0:01 loss 0.1091 acc 1.00 margin 6.759                  (80 columns)
 * </pre>
 */
final class TrainingBarLayout implements ProgressBarRenderer {

    /** The narrowest bar drawn when the terminal has room for it. */
    static final int MIN_BAR = 16;
    /** The widest bar: wider ones only spread the same information thinner. */
    static final int MAX_BAR = 60;
    /** Width assumed when the terminal's cannot be read. */
    static final int DEFAULT_WIDTH = 80;

    /** Space kept for the numbers: the longest seen so far, and a typical one before any. */
    private int numbersWidth;

    /** @param typicalNumbers a message like the ones to come, to size their room before the first */
    TrainingBarLayout(String typicalNumbers) {
        this.numbersWidth = typicalNumbers.length();
    }

    @Override
    public String render(ProgressState state, int maxLength) {
        Duration elapsed = state.getElapsedAfterStart();
        long doneHere = state.getCurrent() - state.getStart();
        Duration left = doneHere <= 0 ? null
                : elapsed.multipliedBy(Math.max(0, state.getMax() - state.getCurrent())).dividedBy(doneHere);
        return line(state.getTaskName(), state.getCurrent(), state.getMax(), elapsed, left,
                state.getExtraMessage(), maxLength);
    }

    /**
     * One frame of the bar.
     *
     * @param task    the task name ("train")
     * @param current steps done
     * @param max     steps in all
     * @param elapsed time since this call started
     * @param left    estimated time to the end, or null when not known yet
     * @param numbers the latest step's numbers, or empty before the first
     * @param width   the terminal's width in characters; 0 or less when unknown
     */
    String line(String task, long current, long max, Duration elapsed, Duration left, String numbers, int width) {
        int columns = width > 0 ? width : DEFAULT_WIDTH;
        String text = numbers == null ? "" : numbers.strip();
        numbersWidth = Math.max(numbersWidth, text.length());
        int percent = max <= 0 ? 0 : (int) Math.min(100, current * 100 / max);
        String head = String.format(Locale.ROOT, "%s %3d%% [", task, percent);
        // Fixed-width fields, so the bar's width does not change as the digits grow.
        int digits = Long.toString(Math.max(max, current)).length();
        String counts = String.format(Locale.ROOT, "] %" + digits + "d/%d", current, max);
        String remaining = left == null ? "?" : clock(left);
        // Longest first: elapsed<remaining, then the time left alone, then no times.
        String[] timeForms = {padded(" " + clock(elapsed) + "<" + remaining, " 0:00<0:00".length()),
                padded(" ~" + remaining, " ~0:00".length()), ""};

        int fixed = head.length() + counts.length();
        int room = numbersWidth == 0 ? 0 : numbersWidth + 1;
        String times = "";
        int bar = columns - fixed - room;
        for (String form : timeForms) {
            if (columns - fixed - form.length() - room >= MIN_BAR) {
                times = form;
                bar = columns - fixed - form.length() - room;
                break;
            }
        }
        // The bar keeps its minimum; the numbers give way, cut at the end.
        bar = Math.max(Math.min(bar, MAX_BAR), Math.min(MIN_BAR, Math.max(0, columns - fixed)));
        StringBuilder line = new StringBuilder(columns);
        line.append(head).append(bar(current, max, bar)).append(counts).append(times);
        int space = columns - line.length() - 1;
        if (room > 0 && space > 0) {
            String shown = text.length() <= space ? text : text.substring(0, Math.max(0, space - 2)) + "..";
            line.append(' ').append(shown);
            // Pad to the room the numbers may take, so every frame has the same length.
            int padTo = Math.min(columns, line.length() + Math.max(0, Math.min(space, numbersWidth) - shown.length()));
            while (line.length() < padTo) {
                line.append(' ');
            }
        }
        return line.length() <= columns ? line.toString() : line.substring(0, columns);
    }

    private static String bar(long current, long max, int width) {
        if (width <= 0) {
            return "";
        }
        double fraction = max <= 0 ? 0 : Math.min(1.0, (double) current / max);
        int full = (int) Math.floor(fraction * width);
        StringBuilder bar = new StringBuilder(width);
        for (int i = 0; i < width; i++) {
            bar.append(i < full ? '=' : i == full && full < width && current > 0 ? '>' : ' ');
        }
        return bar.toString();
    }

    private static String padded(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    private static String clock(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long hours = seconds / 3600;
        return hours > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
