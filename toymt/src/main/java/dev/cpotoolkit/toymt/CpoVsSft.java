package dev.cpotoolkit.toymt;

import com.google.gson.JsonObject;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.model.generate.GenerationConfig;
import dev.cpotoolkit.model.generate.Generator;
import dev.cpotoolkit.model.generate.TextGeneration;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.CPOTrainer;
import dev.cpotoolkit.train.TrainResult;
import dev.cpotoolkit.train.TrainingListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The toy translation benchmark: SFT on noisy references against CPO on
 * (correct, near miss) pairs, both from the same tiny-preset initialisation,
 * plus CPO continuing from the SFT model. Every system is trained by the same
 * {@link CPOTrainer} loop (same optimizer, schedule and batch size); only the
 * objective and the data differ. Each then translates the test prompts
 * greedily and is scored against the correct translations.
 *
 * <pre>{@code
 * ComparisonResult result = CpoVsSft.run(ComparisonSettings.quick(Path.of("runs/cpo-vs-sft")));
 * result.table();          // Tablesaw: system, steps, exact_match, token_accuracy, ...
 * result.examples(5);      // translations side by side
 * }</pre>
 */
public final class CpoVsSft {

    /** Supervised fine-tuning on the noisy references. */
    public static final String SFT = "SFT";
    /** CPO from the initialisation on the preference pairs. */
    public static final String CPO = "CPO";
    /** CPO on the preference pairs, starting from the SFT model. */
    public static final String SFT_THEN_CPO = "SFT -> CPO";

    private static final int MAX_NEW_TOKENS = 16;
    private static final int DECODE_BATCH = 100;

    private CpoVsSft() {}

    /** The command that reproduces the full benchmark from a fresh clone. */
    public static String reproduceCommand() {
        return "./cpo demo cpo-vs-sft";
    }

    /** Runs the comparison without progress callbacks. */
    public static ComparisonResult run(ComparisonSettings settings) {
        return run(settings, name -> null);
    }

    /**
     * Runs the comparison.
     *
     * @param listeners gives a training listener (a progress bar) for each system's name, or null for none
     */
    public static ComparisonResult run(ComparisonSettings settings, Function<String, TrainingListener> listeners) {
        long start = System.nanoTime();
        Path out = settings.outputDir();
        ToyMtDataset data = settings.dataDir() != null ? ToyMtFiles.read(settings.dataDir())
                : new ToyMtGenerator(settings.dataSeed(), ToyMtGenerator.Sizes.DEFAULT).generate();
        Path init = writeInitialModel(out.resolve("init"), settings.modelSeed());

        List<ToyMtDataset.PreferenceRow> test = data.test();
        if (settings.testLimit() > 0 && settings.testLimit() < test.size()) {
            test = test.subList(0, settings.testLimit());
        }
        List<String> prompts = test.stream().map(ToyMtDataset.PreferenceRow::prompt).toList();
        List<String> references = test.stream().map(r -> r.chosen().strip()).toList();
        PreferenceDataset sftData = data.sftDataset();
        PreferenceDataset preferenceData = ToyMtDataset.preferenceDataset(data.preferenceTrain());

        List<SystemResult> systems = new ArrayList<>();
        try (PreferenceTokenizer tokenizer = PreferenceTokenizer.load(init)) {
            SystemResult sft = train(SFT, "noisy references", init, out.resolve("sft"), true, sftData,
                    settings.sftSteps(), settings.learningRate(), settings, tokenizer, prompts, references, listeners);
            systems.add(sft);
            systems.add(train(CPO, "preference pairs", init, out.resolve("cpo"), false, preferenceData,
                    settings.cpoSteps(), settings.learningRate(), settings, tokenizer, prompts, references,
                    listeners));
            systems.add(train(SFT_THEN_CPO, "SFT model + preference pairs", sft.model(), out.resolve("sft-cpo"),
                    false, preferenceData, settings.sftThenCpoSteps(), settings.finetuneLearningRate(), settings,
                    tokenizer, prompts, references, listeners));
        }
        return new ComparisonResult(List.copyOf(systems), references, prompts, settings,
                (System.nanoTime() - start) / 1e9);
    }

    /** The shared starting point: the tiny preset over the toy-mt vocabulary, with its tokenizer files. */
    static Path writeInitialModel(Path folder, long seed) {
        ToyMtTokenizerFiles.write(folder);
        JsonObject json = ModelPresets.tinyConfigJson(ToyMtTokenizerFiles.vocabularySize());
        json.addProperty("bos_token_id", ToyMtTokenizerFiles.BOS_ID);
        json.addProperty("eos_token_id", ToyMtTokenizerFiles.EOS_ID);
        json.addProperty("pad_token_id", ToyMtTokenizerFiles.PAD_ID);
        try (CausalLM model = CausalLM.fromConfig(ModelConfig.fromJson(json, null), seed)) {
            model.save(folder);
        }
        return folder;
    }

    private static SystemResult train(String name, String trainingData, Path from, Path runFolder, boolean sft,
                                      PreferenceDataset dataset, int steps, double learningRate,
                                      ComparisonSettings settings, PreferenceTokenizer tokenizer,
                                      List<String> prompts, List<String> references,
                                      Function<String, TrainingListener> listeners) {
        CPOConfig config = CPOConfig.builder()
                .beta(settings.beta()).cpoAlpha(settings.cpoAlpha())
                .learningRate(learningRate)
                .perDeviceTrainBatchSize(settings.batchSize())
                .perDeviceEvalBatchSize(settings.batchSize())
                .maxSteps(steps)
                .warmupRatio(0.05)
                .loggingSteps(Math.max(1, Math.min(50, steps / 10)))
                .saveSteps(0)
                .maxLength(64).maxPromptLength(32)
                .seed(settings.modelSeed())
                .outputDir(runFolder)
                // The comparison owns its folder: running it again replaces its three runs.
                .overwriteOutputDir(true)
                .build();
        try (CausalLM model = CausalLM.load(from)) {
            CPOTrainer.Builder builder = CPOTrainer.builder().model(model).tokenizer(tokenizer).config(config)
                    .trainDataset(dataset).sft(sft);
            TrainingListener listener = listeners.apply(name);
            if (listener != null) {
                builder.listener(listener);
            }
            TrainResult result = builder.build().train();
            List<String> outputs = translate(model, tokenizer, prompts);
            return new SystemResult(name, trainingData, steps, result.seconds(),
                    TranslationMetrics.score(outputs, references), outputs, runFolder.resolve("final"));
        }
    }

    /** Greedy translations of {@code prompts}, batched, with the KV cache. */
    public static List<String> translate(CausalLM model, PreferenceTokenizer tokenizer, List<String> prompts) {
        GenerationConfig greedy = GenerationConfig.greedy(MAX_NEW_TOKENS, List.of());
        List<String> out = new ArrayList<>(prompts.size());
        model.eval();
        for (int from = 0; from < prompts.size(); from += DECODE_BATCH) {
            List<String> chunk = prompts.subList(from, Math.min(prompts.size(), from + DECODE_BATCH));
            for (TextGeneration generation : Generator.generateText(model, tokenizer, chunk, greedy)) {
                out.add(generation.completion().strip());
            }
        }
        return out;
    }
}
