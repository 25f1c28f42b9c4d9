package dev.cpotoolkit.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.cpotoolkit.data.chat.ChatRenderOptions;
import dev.cpotoolkit.data.chat.ChatTemplate;
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

    PreferenceLoader(boolean skipInvalid, ChatTemplate chatTemplate) {
        this(skipInvalid, chatTemplate, ChatRenderOptions.defaults(), DEFAULT_MAX_FIELD_CHARS);
    }

    private PreferenceLoader(boolean skipInvalid, ChatTemplate chatTemplate, ChatRenderOptions renderOptions,
                             int maxFieldChars) {
        this.skipInvalid = skipInvalid;
        this.chatTemplate = Objects.requireNonNull(chatTemplate, "chatTemplate");
        this.renderOptions = Objects.requireNonNull(renderOptions, "renderOptions");
        this.maxFieldChars = maxFieldChars;
    }

    /**
     * Whether to leave invalid rows out (and report them) instead of failing.
     *
     * @param skip true to skip invalid rows
     * @return a loader with this option
     */
    public PreferenceLoader skipInvalid(boolean skip) {
        return new PreferenceLoader(skip, chatTemplate, renderOptions, maxFieldChars);
    }

    /**
     * The chat template for conversational rows (rows whose fields are message lists).
     *
     * @param template usually the model's own, {@code PreferenceTokenizer.chatTemplate()} or
     *                 {@code HfTokenizerConfig.readFromDirectory(modelFolder).chatTemplate()}
     * @return a loader with this template
     */
    public PreferenceLoader chatTemplate(ChatTemplate template) {
        return new PreferenceLoader(skipInvalid, template, renderOptions, maxFieldChars);
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
        return new PreferenceLoader(skipInvalid, chatTemplate, options, maxFieldChars);
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
        return new PreferenceLoader(skipInvalid, chatTemplate, renderOptions, limit);
    }

    /**
     * Loads a file, choosing the format by extension ({@code .jsonl}, {@code .json}, {@code .csv},
     * case-insensitive), or a directory: its {@code train.jsonl} (else {@code train.json}, else
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
        if (!Files.exists(file)) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "file not found", null);
        }
        throw DatasetFormatException.forInput(file, file.toString(), null,
                "unknown extension: expected .jsonl, .json or .csv", null);
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

    /** 8 times the field limit: room for three fields, message structure and escapes, and no more. */
    private int maxLineBytes() {
        return (int) Math.min(8L * maxFieldChars, Integer.MAX_VALUE - 16);
    }

    private PreferenceDataset build(String origin, List<RawRow> rows) {
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
