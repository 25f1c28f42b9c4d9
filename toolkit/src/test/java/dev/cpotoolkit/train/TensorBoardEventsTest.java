package dev.cpotoolkit.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TensorBoard event files read back by an independent decoder
 * ({@code read_tfevents.py}: its own CRC-32C and protobuf parsing, from the
 * published formats): the file opens with {@code brain.Event:2}, every
 * checksum holds, and every logged number is there under Hugging Face's tag
 * at its step, equal to {@code metrics.csv}.
 */
class TensorBoardEventsTest {

    /** Runs the independent reader over {@code folder}: its exit code and one JSON event per line. */
    private static Decoded decode(Path folder) throws IOException, InterruptedException {
        Path script = Fixtures.resource("dev/cpotoolkit/tensorboard/read_tfevents.py");
        Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), folder.toString())
                .redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        List<JsonObject> events = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                events.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        return new Decoded(code, events, err);
    }

    private record Decoded(int exitCode, List<JsonObject> events, String error) {}

    @Test
    void everyLoggedNumberIsAScalarUnderHuggingFacesTag(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            CPOConfig config = TrainerFixture.quickConfig(run).maxSteps(6).loggingSteps(2).evalSteps(3).build();
            assertEquals("all", config.reportTo(), "the toolkit's default (transformers 4's)");
            try (CPOTrainer trainer = fixture.trainer(config)
                    .evalDataset(PreferenceDataset.fromExamples(Fixtures.prefs())).build()) {
                trainer.train();
                Table metrics = trainer.metrics();

                Path logs = run.resolve("runs");
                List<Path> logDirs;
                try (Stream<Path> list = Files.list(logs)) {
                    logDirs = list.toList();
                }
                assertEquals(1, logDirs.size(), "one log folder, runs/<date>_<host>");
                assertTrue(logDirs.get(0).getFileName().toString().matches("[A-Z][a-z]{2}\\d{2}_\\d{2}-\\d{2}-\\d{2}_.+"),
                        logDirs.get(0).toString());

                Decoded decoded = decode(logs);
                assertEquals(0, decoded.exitCode(), decoded.error());
                JsonObject first = decoded.events().get(0);
                assertEquals("brain.Event:2", first.get("file_version").getAsString());
                assertTrue(first.get("file").getAsString().startsWith("events.out.tfevents."));

                Map<String, Double> scalars = new HashMap<>();
                for (JsonObject event : decoded.events().subList(1, decoded.events().size())) {
                    scalars.put(event.get("tag").getAsString() + "@" + event.get("step").getAsLong(),
                            event.get("value").getAsDouble());
                }
                int compared = 0;
                for (int row = 0; row < metrics.rowCount(); row++) {
                    long step = (long) metrics.numberColumn("step").getDouble(row);
                    for (String column : metrics.columnNames()) {
                        if (column.equals("step") || metrics.column(column).isMissing(row)) {
                            continue;
                        }
                        double expected = metrics.numberColumn(column).getDouble(row);
                        String tag = TensorBoardLogger.tag(column) + "@" + step;
                        assertTrue(scalars.containsKey(tag), "missing " + tag + " in " + scalars.keySet());
                        assertEquals((float) expected, scalars.get(tag).floatValue(), tag);
                        compared++;
                    }
                }
                assertTrue(compared > 20, "numbers compared: " + compared);
                for (String tag : List.of("train/loss@2", "train/rewards/margins@6", "train/learning_rate@4",
                        "train/epoch@2", "eval/rewards/accuracies@3", "eval/loss@6")) {
                    assertTrue(scalars.containsKey(tag), tag + " in " + scalars.keySet());
                }
            }
        }
    }

    @Test
    void reportToNoneWritesNoEvents(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2");
             CPOTrainer trainer = fixture.trainer(TrainerFixture.quickConfig(run).maxSteps(2).reportTo("none")
                     .build()).build()) {
            trainer.train();
        }
        assertFalse(Files.exists(run.resolve("runs")));
        assertTrue(Files.exists(run.resolve("metrics.csv")));
    }

    @Test
    void theReaderRefusesAFlippedByteSoItsChecksumsAreReal(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("logs");
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2");
             CPOTrainer trainer = fixture.trainer(TrainerFixture.quickConfig(dir.resolve("run")).maxSteps(2)
                     .loggingDir(logs.toString()).build()).build()) {
            trainer.train();
        }
        assertEquals(0, decode(logs).exitCode());
        Path file;
        try (Stream<Path> list = Files.list(logs)) {
            file = list.findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = raf.length() - 10; // inside the last event's data
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x01);
        }
        Decoded damaged = decode(logs);
        assertNotEquals(0, damaged.exitCode());
        assertTrue(damaged.error().contains("bad data checksum"), damaged.error());
    }
}
