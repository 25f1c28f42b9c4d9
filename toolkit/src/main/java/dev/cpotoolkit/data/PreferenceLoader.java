package dev.cpotoolkit.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.cpotoolkit.data.chat.ChatRenderOptions;
import dev.cpotoolkit.data.chat.ChatTemplate;
import dev.cpotoolkit.data.hub.HubDatasetId;
import dev.cpotoolkit.data.hub.HubDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads preference data with options; get one from {@link PreferenceDataset#loader()}. Immutable:
 * each option returns a new loader.
 *
 * <pre>{@code
 * PreferenceDataset data = PreferenceDataset.loader()
 *         .skipInvalid(true)                       // opt in: leave bad rows out, report them
 *         .chatTemplate(tokenizer.chatTemplate())        // the model's own template (PreferenceTokenizer)
 *         .load(Path.of("datasets/seed-chat"));
 * data.loadReport().skipped();                     // which rows were left out, and why
 * }</pre>
 *
 * <p>By default every invalid row fails the load with a {@link DatasetFormatException}; with
 * {@code skipInvalid(true)} invalid rows are left out, listed in the dataset's
 * {@link PreferenceDataset#loadReport()} and summarized once as a warning in the log. Problems
 * with the input as a whole are never skipped, and a load that would keep no row fails.
 * Conversational rows are rendered with the chat template, {@link ChatTemplate#plain()} unless
 * another is given.
 */
public final class PreferenceLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PreferenceLoader.class);

    /** Data file names looked for, in this order, when a directory is loaded. */
    private static final List<String> DIRECTORY_FILES = List.of("train.jsonl", "train.json", "train.csv");

    /** Default of {@link #maxFieldChars(int)}: far beyond any real answer, far below what breaks the tokenizer. */
    public static final int DEFAULT_MAX_FIELD_CHARS = 1_000_000;

    private final boolean skipInvalid;
    private final ChatTemplate chatTemplate;
    private final ChatRenderOptions renderOptions;
    private final int maxFieldChars;
    private final ColumnKeys keys;
    private final ScoredCandidates scoredCandidates;

    PreferenceLoader(boolean skipInvalid, ChatTemplate chatTemplate) {
        this(skipInvalid, chatTemplate, ChatRenderOptions.defaults(), DEFAULT_MAX_FIELD_CHARS, ColumnKeys.DEFAULT,
                null);
    }

    private PreferenceLoader(boolean skipInvalid, ChatTemplate chatTemplate, ChatRenderOptions renderOptions,
                             int maxFieldChars, ColumnKeys keys, ScoredCandidates scoredCandidates) {
        this.skipInvalid = skipInvalid;
        this.chatTemplate = Objects.requireNonNull(chatTemplate, "chatTemplate");
        this.renderOptions = Objects.requireNonNull(renderOptions, "renderOptions");
        this.maxFieldChars = maxFieldChars;
        this.keys = keys;
        this.scoredCandidates = scoredCandidates;
    }

    /**
     * Whether to leave invalid rows out (and report them) instead of failing.
     *
     * @param skip true to skip invalid rows
     * @return a loader with this option
     */
    public PreferenceLoader skipInvalid(boolean skip) {
        return new PreferenceLoader(skip, chatTemplate, renderOptions, maxFieldChars, keys, scoredCandidates);
    }

    /**
     * The chat template for conversational rows (rows whose fields are message lists).
     *
     * @param template usually the model's own, {@code PreferenceTokenizer.chatTemplate()} or
     *                 {@code HfTokenizerConfig.readFromDirectory(modelFolder).chatTemplate()}
     * @return a loader with this template
     */
    public PreferenceLoader chatTemplate(ChatTemplate template) {
        return new PreferenceLoader(skipInvalid, template, renderOptions, maxFieldChars, keys, scoredCandidates);
    }

    /**
     * What every render of a conversational row starts from, like the {@code **template_kwargs}
     * of TRL's {@code apply_chat_template}: template variables, tools, documents, the clock of
     * {@code strftime_now}. A row's own {@code chat_template_kwargs} are added on top; the
     * generation prompt and continuation are decided per row.
     *
     * @param options the base options
     * @return a loader with these options
     */
    public PreferenceLoader chatRenderOptions(ChatRenderOptions options) {
        return new PreferenceLoader(skipInvalid, chatTemplate, options, maxFieldChars, keys, scoredCandidates);
    }

    /**
     * The most characters a row's prompt, chosen or rejected text may have once the chat template
     * has been applied ({@value #DEFAULT_MAX_FIELD_CHARS} by default). A longer field is an invalid
     * row, because the native tokenizer needs many times the text's size in memory and a single
     * runaway row can exhaust it. The limit also bounds a JSON Lines line to 8 times as many bytes,
     * so that such a line is refused before it is read whole.
     *
     * @param limit the limit in characters (UTF-16 units, as {@link String#length()} counts)
     * @return a loader with this limit
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public PreferenceLoader maxFieldChars(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("maxFieldChars must be positive, got " + limit);
        }
        return new PreferenceLoader(skipInvalid, chatTemplate, renderOptions, limit, keys, scoredCandidates);
    }

    /**
     * The column that holds the prompt, for datasets that name it otherwise (OpenRLHF's
     * {@code prompt_key}); it is read as {@code prompt}.
     *
     * @param column the column name, e.g. {@code "question"}
     * @return a loader with this mapping
     */
    public PreferenceLoader promptKey(String column) {
        return withKeys(keys.withPrompt(column));
    }

    /**
     * The column that holds the chosen answer (OpenRLHF's {@code chosen_key}); read as {@code chosen}.
     *
     * @param column the column name, e.g. {@code "response_j"}
     * @return a loader with this mapping
     */
    public PreferenceLoader chosenKey(String column) {
        return withKeys(keys.withChosen(column));
    }

    /**
     * The column that holds the rejected answer (OpenRLHF's {@code rejected_key}); read as {@code rejected}.
     *
     * @param column the column name, e.g. {@code "response_k"}
     * @return a loader with this mapping
     */
    public PreferenceLoader rejectedKey(String column) {
        return withKeys(keys.withRejected(column));
    }

    /**
     * Builds each row's pair from scored candidates instead of reading {@code prompt},
     * {@code chosen} and {@code rejected} columns: the highest-scoring candidate is chosen, the
     * lowest rejected, as the CPO paper built its data ({@link ScoredCandidates#almaR(String...)}).
     *
     * @param rule the construction, or null to read the columns as they are
     * @return a loader with this construction
     */
    public PreferenceLoader scoredCandidates(ScoredCandidates rule) {
        return new PreferenceLoader(skipInvalid, chatTemplate, renderOptions, maxFieldChars, keys, rule);
    }

    private PreferenceLoader withKeys(ColumnKeys newKeys) {
        return new PreferenceLoader(skipInvalid, chatTemplate, renderOptions, maxFieldChars, newKeys,
                scoredCandidates);
    }

    /**
     * Loads a file, choosing the format by extension ({@code .jsonl}, {@code .json}, {@code .csv},
     * {@code .parquet}, case-insensitive), or a directory: its {@code train.jsonl} (else {@code train.json}, else
     * {@code train.csv}), else its only data file.
     *
     * @param path the file or directory
     * @return the dataset
     * @throws DatasetFormatException for a missing path, unknown extension, ambiguous directory or bad data
     */
    public PreferenceDataset load(Path path) {
        Path file = Files.isDirectory(path) ? dataFileIn(path) : path;
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) {
            return fromJsonl(file);
        }
        if (name.endsWith(".json")) {
            return fromJson(file);
        }
        if (name.endsWith(".csv")) {
            return fromCsv(file);
        }
        if (name.endsWith(".parquet")) {
            return fromParquet(file);
        }
        if (!Files.exists(file)) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "file not found", null);
        }
        throw DatasetFormatException.forInput(file, file.toString(), null,
                "unknown extension: expected .jsonl, .json, .csv or .parquet", null);
    }

    private static Path dataFileIn(Path directory) {
        for (String candidate : DIRECTORY_FILES) {
            if (Files.isRegularFile(directory.resolve(candidate))) {
                return directory.resolve(candidate);
            }
        }
        List<Path> dataFiles;
        try (Stream<Path> files = Files.list(directory)) {
            dataFiles = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jsonl|json|csv)"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw DatasetFormatException.forInput(directory, directory.toString(), null, "cannot list directory: " + e, e);
        }
        if (dataFiles.size() != 1) {
            throw DatasetFormatException.forInput(directory, directory.toString(), null, dataFiles.isEmpty()
                    ? "directory holds no train.jsonl and no .jsonl/.json/.csv file"
                    : "directory holds no train.jsonl and several data files " + dataFiles
                    + "; load one of them", null);
        }
        return dataFiles.get(0);
    }

    /**
     * Loads JSON Lines: one object per line with {@code prompt} (optional), {@code chosen},
     * {@code rejected}; blank lines are ignored.
     *
     * @param file the file
     * @return the dataset
     */
    public PreferenceDataset fromJsonl(Path file) {
        return build(file.toString(), JsonlReader.read(file, maxLineBytes()));
    }

    /**
     * Loads a JSON array of row objects, or an object of equally long columns.
     *
     * @param file the file
     * @return the dataset
     */
    public PreferenceDataset fromJson(Path file) {
        return build(file.toString(), JsonFileReader.read(file));
    }

    /**
     * Loads RFC 4180 CSV with a header row naming {@code prompt} (optional), {@code chosen},
     * {@code rejected}.
     *
     * @param file the file
     * @return the dataset
     */
    public PreferenceDataset fromCsv(Path file) {
        return build(file.toString(), CsvReader.read(file));
    }

    /**
     * Loads a Parquet file (as {@code datasets}' {@code push_to_hub} and pyarrow write them):
     * text columns, or message lists as {@code list<struct<role, content>>} columns; other columns
     * ({@code score_chosen}, ...) are left out as in JSON rows.
     *
     * @param file the file
     * @return the dataset
     * @throws DatasetFormatException naming the file, and the row group or column, when it does not read
     */
    public PreferenceDataset fromParquet(Path file) {
        return build(file.toString(), ParquetRows.read(file, scoredCandidates == null ? keys : null));
    }

    /**
     * Loads one split of a Hugging Face Hub dataset, downloaded into the Hugging Face cache with the
     * environment's settings ({@code HF_HUB_CACHE}, {@code HF_ENDPOINT}, {@code HF_TOKEN},
     * {@code HF_HUB_OFFLINE}); see {@link #fromHub(HubDatasetId, HubDatasets)}.
     *
     * @param spec {@code owner/name[:config][@split]}, e.g. {@code trl-lib/ultrafeedback_binarized@test}
     * @return the dataset
     */
    public PreferenceDataset fromHub(String spec) {
        return fromHub(HubDatasetId.parse(spec), HubDatasets.fromEnvironment());
    }

    /**
     * Loads one split of a Hub dataset: its Parquet (or JSONL, JSON, CSV) files, found as the
     * {@code datasets} library finds them, downloaded once into the cache and read from there.
     *
     * @param id  the repository, config, split and revision
     * @param hub where and how to download
     * @return the dataset, labelled {@code owner/name:config@split}; its sources name each row's cached file
     * @throws dev.cpotoolkit.hub.HubException when the dataset, config or split is not there or a download fails
     * @throws DatasetFormatException for bad files or rows, naming the file (and row group, column or row)
     */
    public PreferenceDataset fromHub(HubDatasetId id, HubDatasets hub) {
        HubDatasets.Split split = hub.download(id);
        return fromFiles(split.label(), split.files());
    }

    /**
     * Loads several files as one dataset, in order (the shards of one split); each by its extension.
     *
     * @param origin a label for the whole, e.g. {@code "owner/name (train)"}
     * @param files  the files
     * @return the dataset; its sources name each row's own file
     */
    public PreferenceDataset fromFiles(String origin, List<Path> files) {
        if (files.isEmpty()) {
            throw DatasetFormatException.forInput(null, origin, null, "no data files", null);
        }
        List<RawRow> rows = new ArrayList<>();
        for (Path file : files) {
            rows.addAll(readRows(file));
        }
        return build(origin, rows);
    }

    private List<RawRow> readRows(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) {
            return JsonlReader.read(file, maxLineBytes());
        }
        if (name.endsWith(".json")) {
            return JsonFileReader.read(file);
        }
        if (name.endsWith(".csv")) {
            return CsvReader.read(file);
        }
        if (name.endsWith(".parquet")) {
            return ParquetRows.read(file, scoredCandidates == null ? keys : null);
        }
        throw DatasetFormatException.forInput(file, file.toString(), null,
                "unknown extension: expected .jsonl, .json, .csv or .parquet", null);
    }

    /**
     * Builds a dataset from columns shaped like TRL's documentation example:
     * {@code Map.of("prompt", [...], "chosen", [...], "rejected", [...])}; {@code prompt} may be
     * left out for implicit prompts. Null values are invalid rows.
     *
     * @param columns column name to values; all lists equally long
     * @return the dataset, whose sources are {@code "columns", row i}
     */
    public PreferenceDataset fromColumns(Map<String, List<String>> columns) {
        JsonObject json = new JsonObject();
        columns.forEach((name, values) -> {
            JsonArray array = new JsonArray();
            if (values == null) {
                throw DatasetFormatException.forInput(null, "columns", name, "null column", null);
            }
            values.forEach(v -> array.add(v == null ? JsonNull.INSTANCE : new JsonPrimitive(v)));
            json.add(name, array);
        });
        return build("columns", JsonFileReader.ColumnRows.split(null, "columns", json));
    }

    /**
     * Builds a dataset from examples, validating them like loaded rows (answers not blank, prompt
     * not empty).
     *
     * @param examples the examples
     * @return the dataset, whose sources are {@code "examples", row i}
     */
    public PreferenceDataset fromExamples(List<PreferenceExample> examples) {
        if (examples.isEmpty()) {
            throw DatasetFormatException.forInput(null, "examples", null, "no examples", null);
        }
        List<RawRow> rows = new ArrayList<>(examples.size());
        for (int index = 0; index < examples.size(); index++) {
            PreferenceExample example = Objects.requireNonNull(examples.get(index), () -> "examples contain null");
            JsonObject fields = new JsonObject();
            fields.addProperty("prompt", example.prompt());
            fields.addProperty("chosen", example.chosen());
            fields.addProperty("rejected", example.rejected());
            rows.add(RawRow.of(new ExampleSource(null, "examples", index, 0), fields));
        }
        return build("examples", rows);
    }

    /** Applies the column mapping, or builds pairs from scored candidates. */
    private List<RawRow> shape(List<RawRow> rows) {
        if (scoredCandidates == null && keys.isDefault()) {
            return rows;
        }
        List<RawRow> shaped = new ArrayList<>(rows.size());
        for (RawRow row : rows) {
            if (row.fields() == null) {
                shaped.add(row);
            } else if (scoredCandidates != null) {
                try {
                    scoredCandidates.pairs(row.source(), row.fields())
                            .forEach(pair -> shaped.add(RawRow.of(row.source(), pair)));
                } catch (DatasetFormatException bad) {
                    shaped.add(new RawRow(row.source(), null, bad));
                }
            } else {
                shaped.add(RawRow.of(row.source(), keys.rename(row.fields())));
            }
        }
        return shaped;
    }

    /** 8 times the field limit: room for three fields, message structure and escapes, and no more. */
    private int maxLineBytes() {
        return (int) Math.min(8L * maxFieldChars, Integer.MAX_VALUE - 16);
    }

    private PreferenceDataset build(String origin, List<RawRow> input) {
        List<RawRow> rows = shape(input);
        // An input "has prompts" when any readable row names one; then every text row must.
        boolean explicitPrompt = rows.stream().anyMatch(r -> r.fields() != null && r.fields().has("prompt"));
        RowConverter converter = new RowConverter(new ConversationRenderer(chatTemplate, renderOptions), maxFieldChars);
        List<PreferenceExample> examples = new ArrayList<>(rows.size());
        List<ExampleSource> sources = new ArrayList<>(rows.size());
        List<SkippedRow> skipped = new ArrayList<>();
        DatasetFormatException firstError = null;
        for (RawRow row : rows) {
            try {
                examples.add(converter.convert(row, explicitPrompt));
                sources.add(row.source());
            } catch (DatasetFormatException e) {
                if (!skipInvalid || !e.isRowError()) {
                    throw e;
                }
                skipped.add(SkippedRow.of(row.source(), e));
                if (firstError == null) {
                    firstError = e;
                }
            }
        }
        if (examples.isEmpty()) {
            Path file = rows.isEmpty() ? null : rows.get(0).source().file();
            throw DatasetFormatException.forInput(file, origin, null, "all " + rows.size()
                    + " rows are invalid; the first: " + firstError.getMessage(), firstError);
        }
        LoadReport report = new LoadReport(origin, examples.size(), skipped);
        if (!report.isClean()) {
            LOG.warn("{}", report.summary());
        }
        return PreferenceDataset.of(origin, examples, sources, report);
    }
}
