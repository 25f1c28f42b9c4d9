package dev.cpotoolkit.cli;

import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.LoraAdapter;
import dev.cpotoolkit.model.hub.FakeHub;
import dev.cpotoolkit.model.lora.LoraConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ALMA-R's setup from the Hub, served from 127.0.0.1: a base model repository
 * and a PEFT adapter repository whose {@code adapter_config.json} names that
 * base. {@code --adapter owner/name} downloads the adapter, finds the base it
 * records, and generates, merges and trains with it. The packaged jar, as
 * users run it.
 */
class HubAdapterIT {

    private static final Path ROOT = Launcher.ROOT;

    @Test
    void anAdapterRepositoryOnTheHubGeneratesMergesAndTrains(@TempDir Path work) throws Exception {
        Path adapterRepo = work.resolve("adapter-repo");
        try (CausalLM model = CausalLM.load(FakeHub.fixture("tiny-llama"))) {
            LoraAdapter adapter = model.addLora(LoraConfig.builder().r(2).build(), 1);
            adapter.baseModelNameOrPath("acme/tiny-llama");
            model.saveAdapter(adapterRepo, null);
        }
        Path cache = work.resolve("hf-cache");
        try (FakeHub hub = new FakeHub(Map.of("acme/tiny-llama", FakeHub.fixture("tiny-llama"),
                "acme/tiny-llama-lora", adapterRepo), null)) {
            Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", cache.toString());
            String generated = cpo(work, env, "generate", "--adapter", "acme/tiny-llama-lora", "--prompt", "hello",
                    "--max-new-tokens", "4");
            assertTrue(generated.contains("note: base model acme/tiny-llama, from base_model_name_or_path"), generated);
            String merged = cpo(work, env, "merge", "--adapter", "acme/tiny-llama-lora", "--output", "merged");
            assertTrue(merged.contains("adapted modules folded in"), merged);
            assertTrue(Files.isRegularFile(work.resolve("merged/model.safetensors")));
            String trained = cpo(work, env, "train", "--adapter", "acme/tiny-llama-lora", "--dataset",
                    ROOT.resolve("datasets/seed-chat/train.jsonl").toString(), "--max-steps", "2", "--save-steps", "0",
                    "--no-progress", "--output", "continued");
            assertTrue(trained.contains("LoRA r=2"), trained);
            assertTrue(Files.isRegularFile(work.resolve("continued/final/adapter_config.json")), trained);
        }
        assertTrue(Files.isDirectory(cache.resolve("models--acme--tiny-llama-lora")), "cached as the Hub lays out");
    }

    private static String cpo(Path work, Map<String, String> env, String... arguments)
            throws IOException, InterruptedException {
        return Launcher.run(work, env, List.of(arguments));
    }
}
