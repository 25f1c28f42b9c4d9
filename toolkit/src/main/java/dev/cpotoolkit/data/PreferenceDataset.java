package dev.cpotoolkit.data;

import dev.cpotoolkit.data.chat.ChatTemplate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An immutable list of preference examples ({@code prompt}, {@code chosen}, {@code rejected}),
 * held in a Tablesaw {@link Table} with those three string columns, each example remembering where
 * it came from ({@link #sourceOf(int)}).
 *
 * <p>Build one from TRL-style columns, examples, or files:
 * <pre>{@code
 * var data = PreferenceDataset.fromColumns(Map.of(
 *         "prompt", List.of("hello", "how are you"),
 *         "chosen", List.of("hi nice to meet you", "I am fine"),
 *         "rejected", List.of("leave me alone", "I am not fine")));
 * var seed = PreferenceDataset.load(Path.of("datasets/seed-chat"));   // directory with train.jsonl
 * var parts = seed.shuffle(42).split(0.2, 42);
 * parts.train().table();                                             // shows as a table in a notebook
 * }</pre>
 *
 * <p>Formats: JSONL (one object per line), JSON (array of objects, or object of columns), CSV
 * (RFC 4180, header row). Rows may be standard (strings) or conversational (lists of
 * {@code {"role", "content"}} messages, rendered with a chat template; see
 * {@link PreferenceLoader#chatTemplate(ChatTemplate)}). Without a {@code prompt} field the prompt
 * is the shared beginning of chosen and rejected ({@link ImplicitPrompt}). Invalid input raises a
 * {@link DatasetFormatException} naming file, line/row and field, unless
 * {@link PreferenceLoader#skipInvalid(boolean)} is chosen.
 */
public final class PreferenceDataset {

    private final String origin;
    private final Table table;
    private final List<ExampleSource> sources;
    private final LoadReport loadReport;

    private PreferenceDataset(String origin, Table table, List<ExampleSource> sources, LoadReport loadReport) {
        this.origin = origin;
        this.table = table;
        this.sources = List.copyOf(sources);
        this.loadReport = loadReport;
    }

    static PreferenceDataset of(String origin, List<PreferenceExample> examples, List<ExampleSource> sources,
                                LoadReport loadReport) {
        if (examples.size() != sources.size()) {
            throw new IllegalArgumentException("one source per example expected");
        }
        return new PreferenceDataset(origin, tableOf(origin, examples), sources, loadReport);
    }

    private static Table tableOf(String name, List<PreferenceExample> examples) {
        return Table.create(name,
                StringColumn.create("prompt", examples.stream().map(PreferenceExample::prompt)),
                StringColumn.create("chosen", examples.stream().map(PreferenceExample::chosen)),
                StringColumn.create("rejected", examples.stream().map(PreferenceExample::rejected)));
    }

    /**
     * A loader with options (skip invalid rows, chat template).
     *
     * @return the default loader: strict, plain chat template
     */
    public static PreferenceLoader loader() {
        return new PreferenceLoader(false, ChatTemplate.plain());
    }

    /**
     * Loads one split of a Hugging Face Hub dataset, like {@code datasets.load_dataset(name, config,
     * split=split)}; see {@link PreferenceLoader#fromHub(String)}.
     *
     * <pre>{@code
     * PreferenceDataset train = PreferenceDataset.fromHub("trl-lib/ultrafeedback_binarized");
     * PreferenceDataset test = PreferenceDataset.fromHub("trl-lib/ultrafeedback_binarized@test");
     * }</pre>
     *
     * @param spec {@code owner/name[:config][@split]}; the split defaults to {@code train}
     * @return the dataset
     */
    public static PreferenceDataset fromHub(String spec) {
        return loader().fromHub(spec);
    }

    /**
     * Loads one split of a Hub dataset with a configuration, split and revision.
     *
     * @param repoId   {@code owner/name}
     * @param config   the configuration, or null for the default
     * @param split    the split, or null for {@code train}
     * @param revision a branch, tag or commit, or null for {@code main}
     * @return the dataset
     */
    public static PreferenceDataset fromHub(String repoId, String config, String split, String revision) {
        return loader().fromHub(new dev.cpotoolkit.data.hub.HubDatasetId(repoId, config, split, revision),
                dev.cpotoolkit.data.hub.HubDatasets.fromEnvironment());
    }

    /**
     * Builds a dataset from TRL-style columns; see {@link PreferenceLoader#fromColumns(Map)}.
     *
     * @param columns {@code "prompt"} (optional), {@code "chosen"}, {@code "rejected"} to equally long lists
     * @return the dataset
     * @throws DatasetFormatException for a missing column, unequal lengths, null or blank values
     */
    public static PreferenceDataset fromColumns(Map<String, List<String>> columns) {
        return loader().fromColumns(columns);
    }

    /**
     * Builds a dataset from examples; see {@link PreferenceLoader#fromExamples(List)}.
     *
     * @param examples the examples, not empty
     * @return the dataset
     * @throws DatasetFormatException for blank answers or an empty prompt
     */
    public static PreferenceDataset fromExamples(List<PreferenceExample> examples) {
        return loader().fromExamples(examples);
    }

    /**
     * Loads a {@code .jsonl}, {@code .json} or {@code .csv} file, or a directory with a
     * {@code train.jsonl}; see {@link PreferenceLoader#load(Path)}.
     *
     * @param path the file or directory
     * @return the dataset
     * @throws DatasetFormatException for any problem, naming file, line/row and field
     */
    public static PreferenceDataset load(Path path) {
        return loader().load(path);
    }

    /**
     * Loads JSON Lines; see {@link PreferenceLoader#fromJsonl(Path)}.
     *
     * @param file the file
     * @return the dataset
     */
    public static PreferenceDataset fromJsonl(Path file) {
        return loader().fromJsonl(file);
    }

    /**
     * Loads JSON (array of rows or object of columns); see {@link PreferenceLoader#fromJson(Path)}.
     *
     * @param file the file
     * @return the dataset
     */
    public static PreferenceDataset fromJson(Path file) {
        return loader().fromJson(file);
    }

    /**
     * Loads RFC 4180 CSV with a header; see {@link PreferenceLoader#fromCsv(Path)}.
     *
     * @param file the file
     * @return the dataset
     */
    public static PreferenceDataset fromCsv(Path file) {
        return loader().fromCsv(file);
    }

    /**
     * The number of examples.
     *
     * @return the size
     */
    public int size() {
        return table.rowCount();
    }

    /**
     * Whether there are no examples (possible after {@link #filter(Predicate)}).
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * One example.
     *
     * @param index 0-based position in this dataset
     * @return the example
     * @throws IndexOutOfBoundsException naming the index and the size
     */
    public PreferenceExample get(int index) {
        checkIndex(index);
        return new PreferenceExample(
                table.stringColumn("prompt").get(index),
                table.stringColumn("chosen").get(index),
                table.stringColumn("rejected").get(index));
    }

    /**
     * Where an example came from (file, line, row), for error messages downstream.
     *
     * @param index 0-based position in this dataset
     * @return the source
     * @throws IndexOutOfBoundsException naming the index and the size
     */
    public ExampleSource sourceOf(int index) {
        checkIndex(index);
        return sources.get(index);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for a dataset of "
                    + size() + " examples" + (size() == 0 ? "" : " (valid: 0.." + (size() - 1) + ")"));
        }
    }

    /**
     * The first {@code n} examples (all of them if there are fewer).
     *
     * @param n how many, not negative
     * @return a new dataset
     */
    public PreferenceDataset head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("head(n) needs n >= 0, got " + n);
        }
        return select(IntStream.range(0, Math.min(n, size())).toArray());
    }

    /**
     * The examples in a random order that depends only on {@code seed} (same seed, same order, on
     * every JVM: {@link Random} is specified).
     *
     * @param seed the random seed
     * @return a new dataset
     */
    public PreferenceDataset shuffle(long seed) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        return select(order.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Shuffles with {@code seed}, then holds out {@code round(size * testFraction)} examples as the
     * test part, like {@code train_test_split(test_size=...)}.
     *
     * @param testFraction the share of examples to hold out, strictly between 0 and 1
     * @param seed         the shuffle seed
     * @return the train and test parts, both non-empty
     * @throws IllegalArgumentException when the fraction is out of range or either part would be empty
     */
    public DatasetSplit split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be strictly between 0 and 1, got " + testFraction);
        }
        int testSize = (int) Math.round(size() * testFraction);
        if (testSize == 0 || testSize == size()) {
            throw new IllegalArgumentException("splitting " + size() + " examples with testFraction " + testFraction
                    + " leaves the " + (testSize == 0 ? "test" : "train") + " part empty");
        }
        PreferenceDataset shuffled = shuffle(seed);
        int trainSize = size() - testSize;
        return new DatasetSplit(
                shuffled.select(IntStream.range(0, trainSize).toArray()),
                shuffled.select(IntStream.range(trainSize, size()).toArray()));
    }

    /**
     * The examples that satisfy a condition, in order.
     *
     * @param keep the condition
     * @return a new dataset (possibly empty)
     */
    public PreferenceDataset filter(Predicate<PreferenceExample> keep) {
        Objects.requireNonNull(keep, "keep");
        return select(IntStream.range(0, size()).filter(i -> keep.test(get(i))).toArray());
    }

    /**
     * This dataset followed by others; sources and load reports are kept.
     *
     * @param others the datasets to append, in order
     * @return a new dataset
     */
    public PreferenceDataset concat(PreferenceDataset... others) {
        List<PreferenceExample> examples = new ArrayList<>(examples());
        List<ExampleSource> allSources = new ArrayList<>(sources);
        List<LoadReport> reports = new ArrayList<>(List.of(loadReport));
        List<String> origins = new ArrayList<>(List.of(origin));
        for (PreferenceDataset other : others) {
            examples.addAll(other.examples());
            allSources.addAll(other.sources);
            reports.add(other.loadReport);
            origins.add(other.origin);
        }
        return of(String.join(" + ", origins), examples, allSources, LoadReport.combine(reports));
    }

    /** The given rows in the given order (Tablesaw's row selections would sort them, so rebuild). */
    private PreferenceDataset select(int[] rows) {
        List<PreferenceExample> examples = new ArrayList<>(rows.length);
        List<ExampleSource> selected = new ArrayList<>(rows.length);
        for (int row : rows) {
            examples.add(get(row));
            selected.add(sources.get(row));
        }
        return new PreferenceDataset(origin, tableOf(origin, examples), selected, loadReport);
    }

    /**
     * All examples, in order.
     *
     * @return an unmodifiable list
     */
    public List<PreferenceExample> examples() {
        return IntStream.range(0, size()).mapToObj(this::get).toList();
    }

    /**
     * The examples as a stream.
     *
     * @return a sequential stream, in order
     */
    public Stream<PreferenceExample> stream() {
        return IntStream.range(0, size()).mapToObj(this::get);
    }

    /**
     * A copy of the backing table (columns {@code prompt}, {@code chosen}, {@code rejected}), for
     * display and Tablesaw analysis; changing the copy does not change the dataset.
     *
     * @return a new table
     */
    public Table table() {
        return table.copy();
    }

    /**
     * How the data was loaded: rows kept and rows skipped (with reasons) when invalid rows were skipped.
     *
     * @return the report (for derived datasets, that of the data they came from)
     */
    public LoadReport loadReport() {
        return loadReport;
    }

    /**
     * Where the data came from: a file path, {@code "columns"}, {@code "examples"}, or several joined by {@code " + "}.
     *
     * @return the origin label
     */
    public String origin() {
        return origin;
    }

    /**
     * A one-line summary, e.g. {@code PreferenceDataset[7 examples from datasets/seed-chat/train.jsonl, 4 distinct prompts]}.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        long distinctPrompts = table.stringColumn("prompt").countUnique();
        String skipped = loadReport.isClean() ? "" : ", " + loadReport.skipped().size() + " invalid rows skipped";
        return "PreferenceDataset[" + size() + " examples from " + origin + ", " + distinctPrompts
                + " distinct prompts" + skipped + "]";
    }
}
