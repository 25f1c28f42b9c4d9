package dev.cpotoolkit.cli;

import com.google.gson.GsonBuilder;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceLoader;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.tokenize.HfTokenizerConfig;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.ConfigFiles;
import dev.cpotoolkit.train.PreferenceScorer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cpo evaluate}: scores a preference dataset under a model with the CPO
 * loss, without training (with {@code --adapter}, under a base model carrying a
 * PEFT LoRA adapter, unmerged). Writes one CSV row per example (the numbers of
 * {@link CPOTrainer#inspect}) and prints the dataset's metrics, TRL names with
 * the {@code eval_} prefix exactly as {@link CPOTrainer#evaluate} and the eval
 * rows of {@code metrics.csv} name them, as one JSON object on the last line of
 * standard output.
 *
 * <p>CSV columns: the numbers first ({@value #NUMBER_COLUMNS}), then the text
 * ({@code prompt,chosen,rejected}, quoted as RFC 4180 requires) so that scripts
 * can read the numbers without caring about the text.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Score preference pairs under a model: per-example CSV, metrics as JSON.",
                "Use --config RUN/cpo_config.json to score with a training run's loss settings."})
final class EvaluateCommand implements Callable<Integer> {

    static final String NUMBER_COLUMNS = "index,chosen_logps,rejected_logps,loss,reward_chosen,reward_rejected,"
            + "margin,nll,chosen_tokens";

    /** The settings that change the numbers of an evaluation; training settings do not. */
    private static final List<String> SETTINGS = List.of("loss_type", "beta", "label_smoothing", "cpo_alpha",
            "simpo_gamma", "alpha", "max_length", "max_prompt_length", "max_completion_length", "truncation_mode",
            "label_pad_token_id", "padding_value", "per_device_eval_batch_size", "device", "prefix_sharing",
            "dataset_num_proc");

    @Option(names = "--model", paramLabel = "DIR|HUB_ID",
            description = "Model folder (such as a run's final/ or a checkpoint) or Hugging Face repo id; with"
                    + " --adapter, the base model. Required unless --adapter records its base.")
    String model;

    @Option(names = "--adapter", paramLabel = "DIR|HUB_ID", description = AdapterOption.HELP)
    Path adapter;

    @Option(names = "--dataset", required = true, paramLabel = "PATH|OWNER/NAME[:CONFIG][@SPLIT]",
            description = "Preference pairs: .jsonl, .json, .csv, .parquet or a folder, or a Hugging Face Hub dataset.")
    String dataset;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "Per-example CSV to write.")
    Path output;

    @Option(names = "--max-field-chars", paramLabel = "N",
            description = "Longest prompt, chosen or rejected text accepted, in characters after the chat template"
                    + " (longer rows are refused, never sent to the tokenizer). Default: ${DEFAULT-VALUE}.")
    int maxFieldChars = PreferenceLoader.DEFAULT_MAX_FIELD_CHARS;

    @Option(names = "--batching", paramLabel = "fast|trl", converter = BatchingConverter.class,
            description = {"fast (default): pairs of similar length batched together, each prompt computed once"
                    + " for both answers (prefix sharing), tokenized on every core. Per-example numbers and metrics"
                    + " are TRL's, except eval_logits/*, which average over a different padding.",
                    "trl: consecutive pairs in the config's layout, as TRL batches them: eval_logits/* as TRL"
                            + " reports them, at about two thirds of the speed."})
    Batching batching = Batching.FAST;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON or YAML file of CPOConfig settings (a run's cpo_config.json).")
    Path configFile;

    @Spec
    CommandSpec spec;

    private final ConfigOptions configOptions = ConfigOptions.only(SETTINGS);

    ConfigOptions configOptions() {
        return configOptions;
    }

    @Override
    public Integer call() throws IOException {
        CommandLine commandLine = spec.commandLine();
        adapter = AdapterOption.resolve(commandLine, adapter);
        PrintWriter out = commandLine.getOut();
        DatasetSource source = DatasetSource.parse(dataset);
        for (Path path : new Path[] {source.local(), configFile}) {
            if (path != null && !Files.exists(path)) {
                throw new ParameterException(commandLine, "no such file or folder: " + path);
            }
        }
        // Before the model is loaded: a bad --output should not cost a whole scoring pass.
        OutputPaths.requireWritableFile(commandLine, output, "--output");
        CPOConfig.Builder builder = CPOConfig.builder();
        if (configFile != null) {
            ConfigFiles.applyTo(configFile, builder);
        }
        configOptions.apply(builder, commandLine.getParseResult(), commandLine);
        if (batching == Batching.FAST) {
            batching.applyTo(builder, commandLine);
        }
        CPOConfig config = configOptions.build(builder, commandLine.getParseResult(), commandLine);

        Path modelFolder = AdapterOption.baseFolder(commandLine, model, adapter);
        PreferenceLoader loader = PreferenceDataset.loader().maxFieldChars(maxFieldChars)
                .chatTemplate(HfTokenizerConfig.readFromDirectory(modelFolder).chatTemplateOrPlain());
        PreferenceDataset pairs = source.load(loader);
        try (CausalLM lm = CausalLM.load(modelFolder, Devices.parse(config.device()));
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(modelFolder)) {
            if (adapter != null) {
                lm.loadAdapter(adapter);
            }
            PreferenceScorer.Scores scores = PreferenceScorer.of(lm, tokenizer, config)
                    .withProgress(new ScoringProgress(System.err)).withBatchOrder(batching.order).score(pairs);
            writeCsv(scores.examples(), output);
            Map<String, Double> metrics = scores.metrics();
            out.printf("Scored %d pairs with %s loss; per-example rows in %s%n", pairs.size(), config.lossType(),
                    output);
            out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(metrics));
            out.flush();
        }
        return 0;
    }

    /**
     * How evaluate batches its pairs. Neither changes a per-example number; they
     * differ in speed and in the padding that {@code eval_logits/*} average over.
     */
    enum Batching {
        /** Length-sorted batches, the prompt computed once per pair, tokenization on every core. */
        FAST(PreferenceScorer.BatchOrder.LENGTH),
        /** TRL's batches: consecutive pairs, in the layout the config names. */
        TRL(PreferenceScorer.BatchOrder.DATASET);

        final PreferenceScorer.BatchOrder order;

        Batching(PreferenceScorer.BatchOrder order) {
            this.order = order;
        }

        /**
         * Turns on the two speed settings over whatever a run's config file
         * recorded for its training: they change how fast pairs are scored, not
         * what the scores are. A {@code --dataset-num-proc} flag still wins. An explicit {@code --prefix-sharing false} asks
         * for the other layout, which only {@code --batching trl} gives.
         */
        void applyTo(CPOConfig.Builder builder, CommandLine commandLine) {
            if (Boolean.FALSE.equals(builder.get("prefix_sharing"))
                    && builder.origins().of("prefix_sharing").equals("from --prefix-sharing")) {
                throw new ParameterException(commandLine, "--prefix-sharing false needs --batching trl:"
                        + " --batching fast (the default) always computes each prompt once");
            }
            String origin = "evaluate --batching fast";
            builder.set("prefix_sharing", true, origin);
            Object threads = builder.get("dataset_num_proc");
            int cores = Runtime.getRuntime().availableProcessors();
            boolean flagged = builder.origins().of("dataset_num_proc").equals("from --dataset-num-proc");
            if (!flagged && (threads == null || (Integer) threads < cores)) {
                builder.set("dataset_num_proc", cores, origin);
            }
        }
    }

    /** {@code fast} or {@code trl}, in lower case as users type them. */
    static final class BatchingConverter implements CommandLine.ITypeConverter<Batching> {
        @Override
        public Batching convert(String value) {
            for (Batching batching : Batching.values()) {
                if (batching.name().equalsIgnoreCase(value.strip())) {
                    return batching;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a batching; use fast or trl");
        }
    }

    private static void writeCsv(Table examples, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String[] columns = (NUMBER_COLUMNS + ",prompt,chosen,rejected").split(",");
        // Answers keep their leading and trailing spaces, as training tokenized them.
        examples.selectColumns(columns).write().usingOptions(CsvWriteOptions.builder(file.toFile())
                .ignoreLeadingWhitespaces(false).ignoreTrailingWhitespaces(false).build());
    }
}
