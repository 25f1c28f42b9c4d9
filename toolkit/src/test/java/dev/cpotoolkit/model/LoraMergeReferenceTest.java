package dev.cpotoolkit.model;

import dev.cpotoolkit.model.lora.LoraConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The toolkit's adapter folder and merged model, read by an independent
 * PyTorch program ({@code lora/check_peft_merge.py}) that applies PEFT's rules
 * for names and shapes and PEFT's merge arithmetic: what the toolkit writes is
 * what PEFT would read, and its merge is PEFT's merge.
 */
class LoraMergeReferenceTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1} rslora={2} save={3}")
    @CsvSource({
        "tiny-gpt2, all-linear, false, ''",
        "tiny-llama, all-linear, true, norm",
        "tiny-qwen2, q_proj;v_proj, false, ''",
    })
    void pythonReadsTheAdapterAndMergesAsTheToolkitDid(String fixture, String targets, boolean rslora, String save)
            throws Exception {
        Path base = temp.resolve("base");
        Path adapterFolder = temp.resolve("adapter");
        Path merged = temp.resolve("merged");
        try (CausalLM model = CausalLM.load(Fixtures.folder(fixture))) {
            model.save(base); // the base's tensors under the names the merged folder will use
            LoraConfig.Builder config = LoraConfig.builder().r(4).alpha(12).useRslora(rslora)
                    .targetModules(List.of(targets.split(";")));
            if (!save.isEmpty()) {
                config.modulesToSave(save);
            }
            LoraAdapterTest.perturb(model.addLora(config.build(), 4), 6);
            model.saveAdapter(adapterFolder, null);
            model.mergeAdapter().save(merged);
        }
        String out = check(base, adapterFolder, merged, 0);
        assertEquals(true, out.startsWith("ok "), out);
        // The checker can fail: the unmerged base is not W + scaling * B A.
        String refused = check(base, adapterFolder, base, 1);
        assertEquals(true, refused.contains("merged differs from W + scaling * B @ A"), refused);
    }

    private static String check(Path base, Path adapter, Path merged, int expectedExit) throws Exception {
        Path script = Path.of(LoraMergeReferenceTest.class.getResource("/lora/check_peft_merge.py").toURI());
        Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), base.toString(),
                adapter.toString(), merged.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(expectedExit, process.waitFor(), out);
        return out;
    }
}
