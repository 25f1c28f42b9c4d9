package dev.cpotoolkit.train;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which folder the TensorBoard event files go to: the {@code logging_dir}
 * setting first, then transformers 5's {@code TENSORBOARD_LOGGING_DIR}
 * environment variable (with {@code ~} expanded as Python does), then
 * {@code runs/<date>_<host>} under the run folder.
 */
class TensorBoardLogDirTest {

    private static final Path RUN = Path.of("/tmp/some-run");

    @ParameterizedTest(name = "logging_dir={0}, TENSORBOARD_LOGGING_DIR={1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "/logs/setting, /logs/env, /logs/setting",
            "/logs/setting, null,      /logs/setting",
            "null,          /logs/env, /logs/env",
            "'',            /logs/env, /logs/env",
            "null,          ~/tb,      HOME/tb",
            "null,          ~,         HOME",
            "null,          ~other/tb, ~other/tb",
    })
    void theSettingWinsThenTheEnvironmentVariable(String loggingDir, String variable, String expected) {
        Map<String, String> environment = new HashMap<>();
        if (variable != null) {
            environment.put(TensorBoardLogger.LOG_DIR_VARIABLE, variable);
        }
        Path want = Path.of(expected.replace("HOME", System.getProperty("user.home")));
        assertEquals(want, TensorBoardLogger.logDir(loggingDir, environment, RUN));
    }

    @ParameterizedTest(name = "TENSORBOARD_LOGGING_DIR=''{0}''")
    @CsvSource(nullValues = "null", value = {"null", "''", "'  '"})
    void withNeitherTheFolderIsUnderTheRunFolderAsHuggingFaceNamesIt(String variable) {
        Map<String, String> environment = new HashMap<>();
        if (variable != null) {
            environment.put(TensorBoardLogger.LOG_DIR_VARIABLE, variable);
        }
        Path dir = TensorBoardLogger.logDir(null, environment, RUN);
        assertEquals(RUN.resolve("runs"), dir.getParent());
        assertTrue(dir.getFileName().toString().matches("[A-Z][a-z]{2}\\d{2}_\\d{2}-\\d{2}-\\d{2}_.+"), dir.toString());
    }
}
