package dev.cpotoolkit.model.hub;

import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.LoraAdapter;
import dev.cpotoolkit.model.lora.LoraConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PEFT adapter repository on the Hub (served from 127.0.0.1): only the
 * adapter's files are downloaded, the base model's patterns do not apply, and
 * the cached copy serves offline.
 */
class HubAdapterTest {

    @TempDir
    Path home;

    private static float[] logits(CausalLM model) {
        try (NDManager step = model.manager().newSubManager()) {
            var ids = step.create(new long[][] {{1, 5, 9, 13, 2}});
            return model.forwardNoGrad(ForwardInput.of(ids, ids.onesLike())).toFloatArray();
        }
    }

    @Test
    void anAdapterRepositoryDownloadsItsOwnFilesAndLoads() throws Exception {
        Path repoFolder = home.resolve("repo");
        float[] adapted;
        try (CausalLM model = CausalLM.load(FakeHub.fixture("tiny-llama"))) {
            LoraAdapter adapter = model.addLora(LoraConfig.builder().r(2).build(), 1);
            dev.cpotoolkit.model.LoraAdapterTest.perturb(adapter, 2);
            adapted = logits(model);
            model.saveAdapter(repoFolder, null);
        }
        Files.writeString(repoFolder.resolve("README.md"), "not downloaded");
        Files.writeString(repoFolder.resolve("training_args.bin"), "not downloaded");
        Path cache = home.resolve("cache");
        try (FakeHub hub = new FakeHub(Map.of("acme/tiny-lora", repoFolder), null)) {
            Map<String, String> env = Map.of("HF_HUB_CACHE", cache.toString(), "HF_ENDPOINT", hub.endpoint());
            Path folder = HubDownloader.fromEnvironment(env).timeout(Duration.ofSeconds(10))
                    .resolveAdapter("acme/tiny-lora");
            try (Stream<Path> files = Files.list(folder)) {
                assertEquals(List.of("adapter_config.json", "adapter_model.safetensors", "tokenizer.json",
                        "tokenizer_config.json"), files.map(f -> f.getFileName().toString()).sorted().toList());
            }
            try (CausalLM model = CausalLM.load(FakeHub.fixture("tiny-llama"))) {
                model.loadAdapter(folder);
                assertArrayEquals(adapted, logits(model), 1e-5f);
            }
        }
        // The server is gone: offline, the cached snapshot is the adapter.
        Path offline = HubDownloader.fromEnvironment(Map.of("HF_HUB_CACHE", cache.toString(),
                "HF_ENDPOINT", "http://127.0.0.1:9", "HF_HUB_OFFLINE", "1")).resolveAdapter("acme/tiny-lora");
        assertTrue(Files.isRegularFile(offline.resolve(LoraAdapter.WEIGHTS_FILE)), offline.toString());
        // A local folder is taken as it is.
        assertEquals(repoFolder, HubDownloader.fromEnvironment(Map.of()).resolveAdapter(repoFolder.toString()));
    }
}
