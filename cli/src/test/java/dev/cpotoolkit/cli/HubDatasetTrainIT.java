package dev.cpotoolkit.cli;

import dev.cpotoolkit.data.hub.FakeDatasetHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./cpo train --dataset owner/name} on a Parquet preference dataset in
 * the Hub's layout (ultrafeedback's conversational schema, two shards, Snappy
 * and Zstd) served from 127.0.0.1: the first run downloads the split into the
 * Hugging Face cache, the second trains from the cache with
 * {@code HF_HUB_OFFLINE=1} and the server gone. The packaged jar, as users run it.
 */
class HubDatasetTrainIT {

    private static final Path ROOT = Launcher.ROOT;

    @Test
    void trainsOnAHubDatasetThenAgainOfflineFromTheCache(@TempDir Path work) throws Exception {
        Path cache = work.resolve("hf-cache");
        String commit = FakeDatasetHub.commitOf("fixtures/ultrafeedback", "main");
        try (FakeDatasetHub hub = new FakeDatasetHub(ROOT.resolve("toolkit/src/test/resources/hub-datasets"))) {
            String output = train(work, "first", Map.of("HF_ENDPOINT", hub.endpoint(),
                    "HF_HUB_CACHE", cache.toString()));
            assertTrue(output.contains("on fixtures/ultrafeedback@train (150 pairs)"), output);
            assertTrue(hub.resolveRequests.get() >= 3, "README and two shards downloaded");
            // The CPO paper's data: pairs built from ALMA-R's scored candidates, both directions.
            String alma = train(work, "alma", Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", cache.toString()),
                    "--dataset", "fixtures/alma:de-en", "--scored-candidates", "alma-r:de-en,en-de");
            assertTrue(alma.contains("on fixtures/alma:de-en@train (12 pairs)"), alma);
        }
        assertTrue(Files.isRegularFile(cache.resolve("datasets--fixtures--ultrafeedback/snapshots").resolve(commit)
                .resolve("data/train-00001-of-00002.parquet")));
        // The server is gone: offline, everything comes from the cache.
        String offline = train(work, "second", Map.of("HF_ENDPOINT", "http://127.0.0.1:9",
                "HF_HUB_CACHE", cache.toString(), "HF_HUB_OFFLINE", "1"));
        assertTrue(offline.contains("on fixtures/ultrafeedback@train (150 pairs)"), offline);
        assertTrue(Files.isRegularFile(work.resolve("second/metrics.csv")), offline);
    }

    private static String train(Path work, String run, Map<String, String> env, String... dataset)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("train",
                "--max-steps", "2", "--logging-steps", "1", "--save-steps", "0", "--no-progress", "--output", run));
        arguments.addAll(dataset.length > 0 ? List.of(dataset) : List.of("--dataset", "fixtures/ultrafeedback"));
        return Launcher.run(work, env, arguments);
    }
}
