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
     * Transformers 5 reads the TensorBoard folder from this environment variable
     * ({@code logging_dir} is deprecated there), so scripts that set it for a
     * TRL run steer ours the same way.
     */
    static final String LOG_DIR_VARIABLE = "TENSORBOARD_LOGGING_DIR";

    /**
     * Where the event files go: the {@code logging_dir} setting when given
     * (transformers 4's way), else {@value #LOG_DIR_VARIABLE} (transformers 5's
     * way; {@code ~} is the home folder, as Python's {@code expanduser}), else
     * {@link #defaultLogDir} under the run folder. Transformers 5 would fall back
     * to {@code runs/} in the working directory; the run folder keeps a run's
     * logs with its checkpoints, as transformers 4 did.
     *
     * @param loggingDir the {@code logging_dir} setting, or null
     * @param environment the process environment ({@link System#getenv()})
     * @param outputDir the run folder
     */
    static Path logDir(String loggingDir, Map<String, String> environment, Path outputDir) {
        if (loggingDir != null && !loggingDir.isBlank()) {
            return Path.of(loggingDir);
        }
        String fromEnvironment = environment.get(LOG_DIR_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            if (fromEnvironment.equals("~") || fromEnvironment.startsWith("~/")) {
                return Path.of(System.getProperty("user.home") + fromEnvironment.substring(1));
            }
            return Path.of(fromEnvironment);
        }
        return defaultLogDir(outputDir);
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
