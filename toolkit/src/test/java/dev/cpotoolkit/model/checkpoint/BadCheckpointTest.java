package dev.cpotoolkit.model.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a checkpoint can be broken gives a {@link CheckpointException}
 * naming the file (and tensor), built from a real fixture in a temp folder.
 */
class BadCheckpointTest {

    /** The fixture tensor the header edits aim at. */
    static final String TARGET = "transformer.h.0.attn.c_attn.weight";

    @TempDir
    Path dir;

    Path model;
    byte[] original;

    @BeforeEach
    void copyFixture() throws Exception {
        model = dir.resolve("model");
        Files.createDirectories(model);
        original = Files.readAllBytes(SafetensorsFileTest.fixture("tiny-gpt2/model.safetensors"));
    }

    /** A broken single-file checkpoint: how to break it, and what the message must say. */
    enum Broken {
        HEADER_LENGTH_PAST_END("runs past the end of the file", false) {
            @Override
            byte[] make(byte[] good) {
                byte[] bad = good.clone();
                ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(0, good.length);
                return bad;
            }
        },
        HEADER_LENGTH_HUGE("runs past the end of the file", false) {
            @Override
            byte[] make(byte[] good) {
                byte[] bad = good.clone();
                ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
                return bad;
            }
        },
        DATA_OFFSETS_OUT_OF_RANGE("run past the end of the data section", true) {
            @Override
            byte[] make(byte[] good) {
                return editTarget(good, t -> t.add("data_offsets", offsets(1L << 40, (1L << 40) + 12288)));
            }
        },
        TRUNCATED_DATA("truncated", true) {
            @Override
            byte[] make(byte[] good) {
                // Cut the data short inside the target tensor, dropping everything after it.
                return Arrays.copyOf(good, (int) (8 + headerLength(good) + 384 + 100));
            }
        },
        NON_JSON_HEADER("not valid JSON", false) {
            @Override
            byte[] make(byte[] good) {
                return withHeader(good, "{\"oops\": this is not json");
            }
        },
        HEADER_NOT_OBJECT("not a JSON object", false) {
            @Override
            byte[] make(byte[] good) {
                return withHeader(good, "[1, 2, 3]");
            }
        },
        UNKNOWN_DTYPE("unsupported dtype 'Q4_K'", true) {
            @Override
            byte[] make(byte[] good) {
                return editTarget(good, t -> t.addProperty("dtype", "Q4_K"));
            }
        },
        SHAPE_SIZE_MISMATCH("data_offsets span", true) {
            @Override
            byte[] make(byte[] good) {
                return editTarget(good, t -> {
                    JsonArray shape = new JsonArray();
                    shape.add(32);
                    shape.add(95);
                    t.add("shape", shape);
                });
            }
        },
        REVERSED_OFFSETS("reversed", true) {
            @Override
            byte[] make(byte[] good) {
                return editTarget(good, t -> t.add("data_offsets", offsets(12672, 384)));
            }
        },
        NEGATIVE_OFFSET("non-negative integer", true) {
            @Override
            byte[] make(byte[] good) {
                return editTarget(good, t -> t.add("data_offsets", offsets(-384, 12672)));
            }
        },
        MISSING_SHAPE("missing or non-array 'shape'", true) {
            @Override
            byte[] make(byte[] good) {
                return editTarget(good, t -> t.remove("shape"));
            }
        },
        SHORTER_THAN_EIGHT_BYTES("too short", false) {
            @Override
            byte[] make(byte[] good) {
                return Arrays.copyOf(good, 5);
            }
        },
        EMPTY_FILE("only 0 bytes", false) {
            @Override
            byte[] make(byte[] good) {
                return new byte[0];
            }
        };

        final String expected;
        final boolean namesTensor;

        Broken(String expected, boolean namesTensor) {
            this.expected = expected;
            this.namesTensor = namesTensor;
        }

        abstract byte[] make(byte[] good);
    }

    @ParameterizedTest
    @EnumSource(Broken.class)
    void brokenFileGivesClearError(Broken broken) throws Exception {
        Path file = model.resolve("model.safetensors");
        Files.write(file, broken.make(original));
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(model).close());
        assertMessage(error, file, broken.expected);
        if (broken.namesTensor) {
            assertTrue(error.getMessage().contains("'" + TARGET + "'"), error.getMessage());
        }
        // The low-level reader says the same.
        CheckpointException direct = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file));
        assertEquals(error.getMessage(), direct.getMessage());
    }

    @Test
    void missingFile() {
        Path file = model.resolve("nothing.safetensors");
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.ofFile(file));
        assertMessage(error, file, "file not found");
    }

    @Test
    void missingModelFolder() {
        Path absent = dir.resolve("absent");
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(absent));
        assertMessage(error, absent, "model folder not found");
    }

    @Test
    void folderWithoutWeightsSaysWhatWasLookedForAndThatBinIsUnsupported() throws Exception {
        Files.write(model.resolve("pytorch_model.bin"), new byte[16]);
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(model));
        assertMessage(error, model, "model.safetensors");
        assertTrue(error.getMessage().contains("model.safetensors.index.json"), error.getMessage());
        assertTrue(error.getMessage().contains("pytorch_model.bin"), error.getMessage());
        assertTrue(error.getMessage().contains(".bin pickles are not"), error.getMessage());
    }

    @Test
    void unknownTensorNameIsNamed() throws Exception {
        Files.write(model.resolve("model.safetensors"), original);
        try (WeightSource source = WeightSource.open(model)) {
            CheckpointException error = assertThrows(CheckpointException.class,
                    () -> source.readFloats("lm_head.weight"));
            assertTrue(error.getMessage().contains("'lm_head.weight'"), error.getMessage());
        }
    }

    @Test
    void indexNamingAMissingShard() throws Exception {
        Files.write(model.resolve("model-00001-of-00002.safetensors"), original);
        Path index = writeIndex(Map.of(TARGET, "model-00001-of-00002.safetensors",
                "transformer.wte.weight", "model-00002-of-00002.safetensors"));
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(model));
        assertMessage(error, index, "shard 'model-00002-of-00002.safetensors'");
        assertTrue(error.getMessage().contains("is missing"), error.getMessage());
        assertTrue(error.getMessage().contains("'transformer.wte.weight'"), error.getMessage());
    }

    @Test
    void indexNamingATensorAbsentFromItsShard() throws Exception {
        Path shard = model.resolve("model-00001-of-00001.safetensors");
        Files.write(shard, original);
        writeIndex(Map.of(TARGET, shard.getFileName().toString(),
                "model.embed_tokens.weight", shard.getFileName().toString()));
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(model));
        assertMessage(error, shard, "'model.embed_tokens.weight'");
        assertTrue(error.getMessage().contains("is not in it"), error.getMessage());
    }

    @Test
    void nonJsonIndex() throws Exception {
        Path index = model.resolve(WeightSource.INDEX_FILE);
        Files.writeString(index, "weight_map: {oops");
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(model));
        assertMessage(error, index, "not valid JSON");
    }

    @Test
    void indexWithoutWeightMap() throws Exception {
        Path index = model.resolve(WeightSource.INDEX_FILE);
        Files.writeString(index, "{\"metadata\": {\"total_size\": 4}}");
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(model));
        assertMessage(error, index, "no 'weight_map'");
    }

    @Test
    void indexShardNameMayNotLeaveTheFolder() throws Exception {
        Files.write(dir.resolve("outside.safetensors"), original);
        Path index = writeIndex(Map.of(TARGET, "../outside.safetensors"));
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(model));
        assertMessage(error, index, "not a plain file name");
    }

    @Test
    void brokenShardBehindAnIndexNamesTheShard() throws Exception {
        Path shard = model.resolve("model-00001-of-00001.safetensors");
        Files.write(shard, Broken.TRUNCATED_DATA.make(original));
        writeIndex(Map.of(TARGET, shard.getFileName().toString()));
        CheckpointException error = assertThrows(CheckpointException.class, () -> WeightSource.open(model));
        assertMessage(error, shard, "truncated");
    }

    private Path writeIndex(Map<String, String> weightMap) throws IOException {
        JsonObject root = new JsonObject();
        JsonObject map = new JsonObject();
        new LinkedHashMap<>(weightMap).forEach(map::addProperty);
        root.add("weight_map", map);
        Path index = model.resolve(WeightSource.INDEX_FILE);
        Files.writeString(index, root.toString());
        return index;
    }

    static void assertMessage(CheckpointException error, Path file, String fragment) {
        String message = error.getMessage();
        assertTrue(message.contains(file.toString()), "should name " + file + ": " + message);
        assertTrue(message.contains(fragment), "should say '" + fragment + "': " + message);
        assertEquals(file, error.file());
    }

    // --- building broken files from a good one ---------------------------------------------

    static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    static JsonArray offsets(long begin, long end) {
        JsonArray array = new JsonArray();
        array.add(begin);
        array.add(end);
        return array;
    }

    /** The good file with the target tensor's header entry changed. */
    static byte[] editTarget(byte[] good, java.util.function.Consumer<JsonObject> edit) {
        int length = (int) headerLength(good);
        JsonObject header = JsonParser.parseString(new String(good, 8, length, StandardCharsets.UTF_8))
                .getAsJsonObject();
        edit.accept(header.getAsJsonObject(TARGET));
        return withHeader(good, header.toString());
    }

    /** The good file's data behind a different header text (padded to 8 bytes). */
    static byte[] withHeader(byte[] good, String headerText) {
        int oldLength = (int) headerLength(good);
        byte[] json = headerText.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + good.length - 8 - oldLength).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        out.put(good, 8 + oldLength, good.length - 8 - oldLength);
        return out.array();
    }
}
