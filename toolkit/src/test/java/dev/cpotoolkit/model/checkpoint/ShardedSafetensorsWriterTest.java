package dev.cpotoolkit.model.checkpoint;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardedSafetensorsWriterTest {

    @TempDir
    Path dir;

    static Map<String, FloatTensor> threeTensors() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", new FloatTensor(new long[] {4, 4}, new float[16])); // 64 bytes
        tensors.put("b", FloatTensor.of(new float[10]));                    // 40 bytes
        tensors.put("c", FloatTensor.of(1f, 2f, 3f));                       // 12 bytes
        return tensors;
    }

    static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everythingThatFitsGoesInOneFile() throws Exception {
        List<Path> files = ShardedSafetensorsWriter.write(dir, threeTensors(), 116);
        assertEquals(List.of(dir.resolve("model.safetensors")), files);
        assertEquals(List.of("model.safetensors"), listing(dir));
    }

    @Test
    void shardsLikeTransformersWithAnIndex() throws Exception {
        List<Path> files = ShardedSafetensorsWriter.write(dir, threeTensors(), 100);
        assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        JsonObject index = JsonParser.parseString(Files.readString(dir.resolve(WeightSource.INDEX_FILE)))
                .getAsJsonObject();
        assertEquals(116, index.getAsJsonObject("metadata").get("total_size").getAsLong());
        JsonObject map = index.getAsJsonObject("weight_map");
        assertEquals("model-00001-of-00002.safetensors", map.get("a").getAsString());
        assertEquals("model-00002-of-00002.safetensors", map.get("b").getAsString());
        assertEquals("model-00002-of-00002.safetensors", map.get("c").getAsString());
        try (WeightSource source = WeightSource.open(dir)) {
            assertEquals(java.util.Set.of("a", "b", "c"), source.names());
            assertEquals(3f, source.readFloats("c")[2]);
        }
    }

    @Test
    void aTensorLargerThanTheLimitGetsItsOwnShard() {
        List<Map<String, FloatTensor>> shards = ShardedSafetensorsWriter.split(threeTensors(), 10, SafetensorsDType.F32);
        assertEquals(3, shards.size());
    }

    @Test
    void aNewSaveRemovesTheOldLayout() throws Exception {
        ShardedSafetensorsWriter.write(dir, threeTensors(), 1000);
        Files.writeString(dir.resolve("config.json"), "{}");
        ShardedSafetensorsWriter.write(dir, threeTensors(), 50);
        assertFalse(Files.exists(dir.resolve("model.safetensors")), "a stale single file would shadow the shards");
        assertEquals(5, listing(dir).size(), "config, index, three shards: " + listing(dir));
        ShardedSafetensorsWriter.write(dir, threeTensors(), 1000);
        assertEquals(List.of("config.json", "model.safetensors"), listing(dir));
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> ShardedSafetensorsWriter.write(dir, threeTensors(), 0));
        assertTrue(ShardedSafetensorsWriter.DEFAULT_MAX_SHARD_BYTES > 0);
    }
}
