package dev.cpotoolkit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.CPOConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA on the command line: {@code train --use-peft} leaves an adapter,
 * {@code merge} folds it into a plain model with the same outputs,
 * {@code evaluate}/{@code generate --adapter} use it unmerged with the same
 * results, {@code train --adapter} continues it, a LoRA run resumes exactly,
 * and bad adapter folders are one-line errors naming the file. One two-step
 * LoRA run on the tiny preset's weights is shared by the tests that only read it.
 */
class LoraCommandsTest {

    @TempDir
    static Path shared;

    /** The base model: the tiny preset's weights, written as an ordinary model folder. */
    private static Path base;
    /** A finished two-step {@code --use-peft} run on {@link #base}. */
    private static Path run;
    private static Cli trained;

    @BeforeAll
    static void trainALoraRun() {
        base = ModelPresets.writeTinyFolder(shared.resolve("base"), 3);
        run = shared.resolve("lora-run");
        trained = Cli.run("train", "--model", base.toString(), "--dataset", Cli.SEED_CHAT.toString(), "--use-peft",
                "--max-steps", "2", "--learning-rate", "2e-3", "--logging-steps", "1", "--output", run.toString(),
                "--no-progress");
        assertEquals(0, trained.exitCode(), trained.err());
    }

    @Test
    void aPeftRunLeavesAnAdapterFolderNamingItsBase() throws IOException {
        Path adapter = run.resolve("final");
        assertTrue(Files.isRegularFile(adapter.resolve("adapter_config.json")));
        assertTrue(Files.isRegularFile(adapter.resolve("adapter_model.safetensors")));
        assertFalse(Files.exists(adapter.resolve("model.safetensors")), "an adapter run saves no full weights");
        JsonObject config = JsonParser.parseString(Files.readString(adapter.resolve("adapter_config.json")))
                .getAsJsonObject();
        assertEquals(base.toString(), config.get("base_model_name_or_path").getAsString(), "--model as given");
        assertTrue(CPOConfig.load(run.resolve("cpo_config.json")).usePeft());

        String out = trained.out();
        assertTrue(out.contains("LoRA r=16 on "), out);
        assertTrue(out.contains("final/ (PEFT LoRA adapter folder)"), out);
        String weights = "--model " + base + " --adapter " + adapter;
        assertTrue(out.contains("./cpo generate " + weights + " --prompt hello"), out);
        assertTrue(out.contains("./cpo evaluate " + weights + " --dataset"), out);
        assertTrue(out.contains("./cpo merge " + weights + " --output " + run.resolve("merged")), out);
    }

    @Test
    void mergeWritesAPlainModelWithTheAdaptedModelsLogits(@TempDir Path dir) throws IOException {
        Path adapter = run.resolve("final");
        Path merged = dir.resolve("merged");
        // No --model: the base comes from the adapter's base_model_name_or_path.
        Cli merge = Cli.run("merge", "--adapter", adapter.toString(), "--output", merged.toString());
        assertEquals(0, merge.exitCode(), merge.err());
        assertTrue(merge.err().contains("note: base model " + base), merge.err());
        assertTrue(merge.out().contains("adapted modules folded in"), merge.out());
        assertTrue(merge.out().contains("model.safetensors") && merge.out().contains("total"), merge.out());
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            assertTrue(Files.isRegularFile(merged.resolve(file)), file + " missing");
        }
        assertFalse(Files.exists(merged.resolve("adapter_config.json")), "a plain model folder");

        float[] baseLogits;
        float[] adapted;
        try (CausalLM lm = CausalLM.load(base)) {
            baseLogits = logits(lm);
            lm.loadAdapter(adapter);
            adapted = logits(lm);
        }
        float[] mergedLogits;
        try (CausalLM lm = CausalLM.load(merged)) {
            assertTrue(lm.adapter().isEmpty());
            mergedLogits = logits(lm);
        }
        assertTrue(maxDifference(baseLogits, adapted) > 1e-4, "two steps at 2e-3 moved the adapter off zero");
        assertArrayEquals(adapted, mergedLogits, 1e-4f, "merged folder = base + adapter");

        Cli again = Cli.run("merge", "--model", base.toString(), "--adapter", adapter.toString(),
                "--output", merged.toString());
        assertEquals(2, again.exitCode(), again.err());
        assertTrue(again.err().contains("not empty") && again.err().contains("--overwrite"), again.err());
        Files.writeString(merged.resolve("notes.txt"), "mine");
        Files.writeString(merged.resolve("adapter_config.json"), "{}"); // stale: would make the folder an adapter
        Cli overwritten = Cli.run("merge", "--model", base.toString(), "--adapter", adapter.toString(),
                "--output", merged.toString(), "--overwrite");
        assertEquals(0, overwritten.exitCode(), overwritten.err());
        assertFalse(Files.exists(merged.resolve("adapter_config.json")), "model files replaced");
        assertTrue(Files.exists(merged.resolve("notes.txt")), "other files left alone");

        Cli ontoItself = Cli.run("merge", "--adapter", adapter.toString(), "--output", adapter.toString(),
                "--overwrite");
        assertEquals(2, ontoItself.exitCode(), ontoItself.err());
        assertTrue(ontoItself.err().contains("is the adapter folder itself"), ontoItself.err());
    }

    /** {@code --dtype bfloat16}: BF16 tensors, torch_dtype bfloat16, about half the bytes, nearly the same logits. */
    @Test
    void mergeSavesBfloat16WhenAsked(@TempDir Path dir) throws IOException {
        Path adapter = run.resolve("final");
        Cli wrong = Cli.run("merge", "--adapter", adapter.toString(), "--output", dir.resolve("x").toString(),
                "--dtype", "int8");
        assertEquals(2, wrong.exitCode(), wrong.err());
        assertTrue(wrong.err().contains("--dtype int8 is not a type a model is saved in"), wrong.err());
        Path full = dir.resolve("f32");
        Path half = dir.resolve("bf16");
        assertEquals(0, Cli.run("merge", "--adapter", adapter.toString(), "--output", full.toString()).exitCode());
        Cli merge = Cli.run("merge", "--adapter", adapter.toString(), "--output", half.toString(), "--dtype", "bfloat16");
        assertEquals(0, merge.exitCode(), merge.err());
        assertTrue(Files.readString(half.resolve("config.json")).contains("\"torch_dtype\": \"bfloat16\""));
        try (dev.cpotoolkit.model.checkpoint.SafetensorsFile file = dev.cpotoolkit.model.checkpoint.SafetensorsFile
                .open(half.resolve("model.safetensors"))) {
            for (String name : file.names()) {
                assertEquals(dev.cpotoolkit.model.checkpoint.SafetensorsDType.BF16, file.info(name).dtype(), name);
            }
        }
        double ratio = (double) Files.size(half.resolve("model.safetensors")) / Files.size(full.resolve("model.safetensors"));
        assertTrue(ratio > 0.45 && ratio < 0.55, "half the bytes: " + ratio);
        float[] f32;
        float[] bf16;
        try (CausalLM lm = CausalLM.load(full)) {
            f32 = logits(lm);
        }
        try (CausalLM lm = CausalLM.load(half)) {
            bf16 = logits(lm);
        }
        // bfloat16 keeps 8 significant bits: each weight moves by up to 2^-9 relative, so logits move a little.
        assertTrue(maxDifference(f32, bf16) < 0.1, "bf16 logits near the float32 ones: " + maxDifference(f32, bf16));
    }

    /** Every linear layer adapted and a module trained in full (modules_to_save): merged, still the same logits. */
    @Test
    void mergeKeepsModulesTrainedInFull(@TempDir Path dir) {
        Path folder = dir.resolve("run");
        Cli train = Cli.run("train", "--model", base.toString(), "--dataset", Cli.SEED_CHAT.toString(), "--use-peft",
                "--lora-target-modules", "all-linear", "--lora-modules-to-save", "norm", "--max-steps", "2",
                "--learning-rate", "2e-3", "--output", folder.toString(), "--no-progress");
        assertEquals(0, train.exitCode(), train.err());
        Path merged = dir.resolve("merged");
        Cli merge = Cli.run("merge", "--adapter", folder.resolve("final").toString(), "--output", merged.toString());
        assertEquals(0, merge.exitCode(), merge.err());
        assertTrue(merge.out().contains("28 adapted modules folded in, 1 module replaced by the adapter's fully"
                + " trained copy (modules_to_save: model.norm)"), merge.out());
        float[] adapted;
        try (CausalLM lm = CausalLM.load(base)) {
            lm.loadAdapter(folder.resolve("final"));
            adapted = logits(lm);
        }
        try (CausalLM lm = CausalLM.load(merged)) {
            assertArrayEquals(adapted, logits(lm), 1e-4f);
        }
    }

    @Test
    void evaluateWithTheAdapterReproducesTheMergedModel(@TempDir Path dir) throws IOException {
        Path merged = dir.resolve("merged");
        assertEquals(0, Cli.run("merge", "--adapter", run.resolve("final").toString(), "--output",
                merged.toString()).exitCode());
        Path withAdapter = dir.resolve("adapter.csv");
        Path withMerged = dir.resolve("merged.csv");
        Cli a = Cli.run("evaluate", "--model", base.toString(), "--adapter", run.resolve("final").toString(),
                "--dataset", Cli.SEED_CHAT.toString(), "--config", run.resolve("cpo_config.json").toString(),
                "--output", withAdapter.toString());
        Cli m = Cli.run("evaluate", "--model", merged.toString(), "--dataset", Cli.SEED_CHAT.toString(),
                "--config", run.resolve("cpo_config.json").toString(), "--output", withMerged.toString());
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(0, m.exitCode(), m.err());

        List<String> adapterRows = Files.readAllLines(withAdapter);
        List<String> mergedRows = Files.readAllLines(withMerged);
        assertEquals(mergedRows.size(), adapterRows.size());
        for (int row = 1; row < adapterRows.size(); row++) {
            // The nine number columns come first; the text after them is the same by construction.
            String[] x = adapterRows.get(row).split(",", 10);
            String[] y = mergedRows.get(row).split(",", 10);
            for (int column = 0; column < 9; column++) {
                double want = Double.parseDouble(y[column]);
                assertEquals(want, Double.parseDouble(x[column]), 1e-4 * Math.max(1, Math.abs(want)),
                        "row " + row + " column " + column);
            }
        }
        JsonObject adapterMetrics = lastLineJson(a);
        JsonObject mergedMetrics = lastLineJson(m);
        assertEquals(mergedMetrics.keySet(), adapterMetrics.keySet());
        for (String key : mergedMetrics.keySet()) {
            double want = mergedMetrics.get(key).getAsDouble();
            assertEquals(want, adapterMetrics.get(key).getAsDouble(), 1e-4 * Math.max(1, Math.abs(want)), key);
        }
    }

    @Test
    void generateWithTheAdapterMatchesTheMergedModel(@TempDir Path dir) {
        Path merged = dir.resolve("merged");
        assertEquals(0, Cli.run("merge", "--adapter", run.resolve("final").toString(), "--output",
                merged.toString()).exitCode());
        Cli withAdapter = Cli.run("generate", "--model", base.toString(), "--adapter", run.resolve("final").toString(),
                "--prompt", "hello", "--max-new-tokens", "8");
        Cli fromRecordedBase = Cli.run("generate", "--adapter", run.resolve("final").toString(),
                "--prompt", "hello", "--max-new-tokens", "8");
        Cli withMerged = Cli.run("generate", "--model", merged.toString(), "--prompt", "hello",
                "--max-new-tokens", "8");
        assertEquals(0, withAdapter.exitCode(), withAdapter.err());
        assertEquals(0, fromRecordedBase.exitCode(), fromRecordedBase.err());
        assertEquals(0, withMerged.exitCode(), withMerged.err());
        assertEquals(withMerged.out(), withAdapter.out());
        assertEquals(withMerged.out(), fromRecordedBase.out());
    }

    @Test
    void trainWithAnAdapterContinuesIt(@TempDir Path dir) throws IOException {
        Path next = dir.resolve("continued");
        Cli continued = Cli.run("train", "--model", base.toString(), "--adapter", run.resolve("final").toString(),
                "--dataset", Cli.SEED_CHAT.toString(), "--max-steps", "2", "--learning-rate", "2e-3",
                "--output", next.toString(), "--no-progress");
        assertEquals(0, continued.exitCode(), continued.err());
        Map<String, float[]> before = tensors(run.resolve("final/adapter_model.safetensors"));
        Map<String, float[]> after = tensors(next.resolve("final/adapter_model.safetensors"));
        assertEquals(before.keySet(), after.keySet(), "the same adapter: same tensors");
        for (String name : before.keySet()) {
            assertEquals(before.get(name).length, after.get(name).length, name);
        }
        boolean changed = before.keySet().stream().anyMatch(n -> !Arrays.equals(before.get(n), after.get(n)));
        assertTrue(changed, "training moved the adapter's weights");

        JsonObject was = adapterConfig(run.resolve("final"));
        JsonObject now = adapterConfig(next.resolve("final"));
        for (String key : List.of("r", "lora_alpha", "target_modules", "peft_type")) {
            assertEquals(was.get(key), now.get(key), key);
        }
        assertEquals(base.toString(), now.get("base_model_name_or_path").getAsString());
        CPOConfig recorded = CPOConfig.load(next.resolve("cpo_config.json"));
        assertTrue(recorded.usePeft(), "the run's settings describe the adapter it trained");
        assertEquals(16, recorded.loraR());
    }

    @Test
    void anAdapterAndUsePeftAskingForAnotherOneIsAUsageError(@TempDir Path dir) {
        Cli clash = Cli.run("train", "--model", base.toString(), "--adapter", run.resolve("final").toString(),
                "--use-peft", "--lora-r", "4", "--dataset", Cli.SEED_CHAT.toString(), "--max-steps", "1",
                "--output", dir.resolve("clash").toString(), "--no-progress");
        assertEquals(2, clash.exitCode(), clash.err());
        assertEquals(1, clash.err().lines().count(), clash.err());
        assertTrue(clash.err().startsWith("cpo train: error: ") && clash.err().contains("lora_r 4"), clash.err());
        assertFalse(clash.err().contains("\tat "), clash.err());
    }

    @Test
    void badAdapterFoldersAreOneLineErrorsNamingTheFile(@TempDir Path dir) throws IOException {
        String model = base.toString();
        assertOneLineError(Cli.run("generate", "--model", model, "--adapter", dir.resolve("nope").toString(),
                "--prompt", "hi"), "--adapter: no such folder", "nope");

        Path prefixTuning = Files.createDirectories(dir.resolve("prefix"));
        Files.writeString(prefixTuning.resolve("adapter_config.json"), "{\"peft_type\": \"PREFIX_TUNING\"}");
        assertOneLineError(Cli.run("evaluate", "--model", model, "--adapter", prefixTuning.toString(),
                        "--dataset", Cli.SEED_CHAT.toString(), "--output", dir.resolve("x.csv").toString()),
                prefixTuning.resolve("adapter_config.json").toString(), "'peft_type' is PREFIX_TUNING");

        Path noWeights = Files.createDirectories(dir.resolve("no-weights"));
        Files.copy(run.resolve("final/adapter_config.json"), noWeights.resolve("adapter_config.json"));
        assertOneLineError(Cli.run("generate", "--model", model, "--adapter", noWeights.toString(),
                "--prompt", "hi"), noWeights.toString(), "no adapter_model.safetensors");

        // A whole model where an adapter was expected.
        assertOneLineError(Cli.run("merge", "--model", model, "--adapter", model, "--output",
                dir.resolve("out").toString()), "not a PEFT adapter folder", "config.json");

        Path wrongShape = Files.createDirectories(dir.resolve("wrong-base"));
        Files.copy(run.resolve("final/adapter_config.json"), wrongShape.resolve("adapter_config.json"));
        Files.copy(run.resolve("final/adapter_model.safetensors"), wrongShape.resolve("adapter_model.safetensors"));
        assertOneLineError(Cli.run("train", "--model", dev.cpotoolkit.testing.Fixtures.model("tiny-llama").toString(),
                        "--adapter", wrongShape.toString(), "--dataset", Cli.SEED_CHAT.toString(), "--max-steps", "1",
                        "--output", dir.resolve("run").toString(), "--no-progress"),
                "adapter_model.safetensors");

        // A LoRA run's final/ given as --model, out of habit: the error says which flag takes it.
        assertOneLineError(Cli.run("generate", "--model", run.resolve("final").toString(), "--prompt", "hi"),
                "is a LoRA adapter folder", "--adapter " + run.resolve("final"));

        Path unrecorded = Files.createDirectories(dir.resolve("unrecorded"));
        JsonObject config = adapterConfig(run.resolve("final"));
        config.remove("base_model_name_or_path");
        Files.writeString(unrecorded.resolve("adapter_config.json"), config.toString());
        assertOneLineError(Cli.run("generate", "--adapter", unrecorded.toString(), "--prompt", "hi"),
                "--model is needed", "base_model_name_or_path");
        config.addProperty("base_model_name_or_path", "./no-such-base");
        Files.writeString(unrecorded.resolve("adapter_config.json"), config.toString());
        assertOneLineError(Cli.run("generate", "--adapter", unrecorded.toString(), "--prompt", "hi"),
                "base_model_name_or_path in " + unrecorded.resolve("adapter_config.json"), "no-such-base",
                "give the base model with --model");
    }

    /**
     * A LoRA run stopped after its step-2 checkpoint and resumed from the CLI
     * ends with the adapter of the run that was never stopped.
     */
    @Test
    void aLoraRunResumesToTheSameAdapter(@TempDir Path dir) throws IOException {
        assertResumesExactly(dir.resolve("run"), "--use-peft");
    }

    /** The same for a run continuing an adapter: the checkpoint's weights replace the --adapter folder's. */
    @Test
    void aRunContinuingAnAdapterResumesToTheSameAdapter(@TempDir Path dir) throws IOException {
        assertResumesExactly(dir.resolve("run"), "--adapter", run.resolve("final").toString());
    }

    private static void assertResumesExactly(Path folder, String... lora) throws IOException {
        List<String> common = new ArrayList<>(List.of("train", "--model", base.toString(), "--dataset",
                Cli.SEED_CHAT.toString(), "--max-steps", "4", "--save-steps", "2", "--learning-rate", "2e-3",
                "--output", folder.toString(), "--no-progress"));
        common.addAll(List.of(lora));
        String[] args = common.toArray(String[]::new);
        Cli whole = Cli.run(args);
        assertEquals(0, whole.exitCode(), whole.err());
        assertTrue(Files.isRegularFile(folder.resolve("checkpoint-2/adapter_model.safetensors")),
                "a LoRA checkpoint is an adapter folder");
        Map<String, float[]> uninterrupted = tensors(folder.resolve("final/adapter_model.safetensors"));
        deleteTree(folder.resolve("checkpoint-4"));
        deleteTree(folder.resolve("final"));

        List<String> resume = new ArrayList<>(List.of(args));
        resume.addAll(List.of("--resume-from", "latest"));
        Cli resumed = Cli.run(resume.toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("Resumed from " + folder.resolve("checkpoint-2").toAbsolutePath()
                + " at step 2 of 4."), resumed.out());
        Map<String, float[]> after = tensors(folder.resolve("final/adapter_model.safetensors"));
        assertEquals(uninterrupted.keySet(), after.keySet());
        for (String name : after.keySet()) {
            assertArrayEquals(uninterrupted.get(name), after.get(name), 1e-6f, name);
        }
    }

    @Test
    void helpListsTheLoraFlagsAndMerge() {
        Cli train = Cli.run("train", "--help");
        assertEquals(0, train.exitCode());
        for (String flag : List.of("--adapter=DIR", "--use-peft", "--lora-r", "--lora-alpha", "--lora-dropout",
                "--lora-target-modules", "--lora-modules-to-save", "--use-rslora")) {
            assertTrue(train.out().contains(flag), flag + " missing from:\n" + train.out());
        }
        Cli cpo = Cli.run("--help");
        assertTrue(cpo.out().contains("merge"), cpo.out());
        Cli merge = Cli.run("merge", "--help");
        assertEquals(0, merge.exitCode());
        assertTrue(merge.out().contains("--overwrite"), merge.out());
    }

    private static void assertOneLineError(Cli result, String... mustMention) {
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        for (String text : mustMention) {
            assertTrue(result.err().contains(text), "'" + text + "' missing from: " + result.err());
        }
        assertFalse(result.err().contains("\tat "), "stack trace printed: " + result.err());
    }

    /** The model's logits for a short fixed text, flattened. */
    private static float[] logits(CausalLM lm) {
        int[] ids;
        try (PreferenceTokenizer tokenizer = PreferenceTokenizer.load(base)) {
            ids = tokenizer.encode("What is the capital of France?");
        }
        try (NDManager step = lm.manager().newSubManager()) {
            NDArray input = step.create(new long[][] {Arrays.stream(ids).asLongStream().toArray()});
            return lm.forwardNoGrad(ForwardInput.of(input, input.onesLike())).toFloatArray();
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static Map<String, float[]> tensors(Path file) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            for (String name : weights.names()) {
                out.put(name, weights.readFloats(name));
            }
        }
        return out;
    }

    private static JsonObject adapterConfig(Path folder) throws IOException {
        return JsonParser.parseString(Files.readString(folder.resolve("adapter_config.json"))).getAsJsonObject();
    }

    private static JsonObject lastLineJson(Cli result) {
        List<String> lines = result.outLines();
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
