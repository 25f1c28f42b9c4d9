package dev.cpotoolkit.train;

import dev.cpotoolkit.tensorboard.EventFileWriter;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Hugging Face's {@code report_to="tensorboard"}: every logged row becomes
 * TensorBoard scalars, with the tags Hugging Face's {@code TensorBoardCallback}
 * gives them, so a toolkit run and a TRL run line up in one TensorBoard:
 * training keys under {@code train/} ({@code train/loss},
 * {@code train/rewards/margins}, {@code train/learning_rate},
 * {@code train/epoch}), evaluation keys with their {@code eval_} prefix turned
 * into {@code eval/} ({@code eval/rewards/accuracies}), at the row's step.
 *
 * <p>Each {@code train()} call writes a file of its own in the log folder, as
 * each Hugging Face run does; TensorBoard reads the folder's files as one run.
 */
final class TensorBoardLogger implements TrainingListener {

    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("MMMdd_HH-mm-ss", Locale.ROOT);

    private final Path logDir;
    private EventFileWriter events;

    /** @param logDir the folder the event files go to */
    TensorBoardLogger(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * Hugging Face's default {@code logging_dir}: {@code runs/<Mon><DD>_<HH>-<mm>-<ss>_<host>}
     * under the run folder.
     */
    static Path defaultLogDir(Path outputDir) {
        return outputDir.resolve("runs").resolve(LocalDateTime.now().format(RUN_NAME) + "_"
                + EventFileWriter.hostName());
    }

    /** Whether {@code report_to} asks for TensorBoard. */
    static boolean wanted(String reportTo) {
        String value = reportTo == null ? "" : reportTo.strip().toLowerCase(Locale.ROOT);
        return value.equals("tensorboard") || value.equals("all");
    }

    @Override
    public void onLog(Map<String, Double> row) {
        Double step = row.get("step");
        if (step == null) {
            return;
        }
        if (events == null) {
            events = EventFileWriter.create(logDir);
        }
        for (Map.Entry<String, Double> entry : row.entrySet()) {
            if (entry.getKey().equals("step") || entry.getValue() == null) {
                continue;
            }
            events.scalar(tag(entry.getKey()), entry.getValue().floatValue(), step.longValue());
        }
        events.flush(); // a line at a time: readable if the run is killed, live in TensorBoard
    }

    @Override
    public void onTrainEnd(TrainingProgress progress) {
        if (events != null) {
            events.close();
            events = null;
        }
    }

    /** Hugging Face's {@code rewrite_logs}: {@code eval_x} to {@code eval/x}, {@code test_x} to {@code test/x}, else {@code train/x}. */
    static String tag(String key) {
        if (key.startsWith("eval_")) {
            return "eval/" + key.substring("eval_".length());
        }
        if (key.startsWith("test_")) {
            return "test/" + key.substring("test_".length());
        }
        return "train/" + key;
    }

    /** The event files' folder. */
    Path logDir() {
        return logDir;
    }
}
