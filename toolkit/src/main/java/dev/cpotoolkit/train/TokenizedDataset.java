package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.tokenize.InvalidExampleException;
import dev.cpotoolkit.tokenize.PreferenceCollator;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.tokenize.RowTokenizer;
import dev.cpotoolkit.tokenize.TokenizationSettings;
import dev.cpotoolkit.tokenize.TokenizedPair;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A preference dataset tokenized once with TRL's rules, ready to be cut into
 * padded batches in any order. Tokenizing up front means a bad example fails
 * before the first step, naming its file and row, not halfway through a run.
 */
public final class TokenizedDataset {

    private static final Logger LOG = LoggerFactory.getLogger(TokenizedDataset.class);
    /** Truncated pairs named in the warning; the count covers the rest. */
    private static final int NAMED_PAIRS = 3;

    private final PreferenceDataset source;
    private final List<TokenizedPair> pairs;
    private final PreferenceCollator collator;
    private final TokenizationSettings settings;

    private TokenizedDataset(PreferenceDataset source, List<TokenizedPair> pairs, PreferenceCollator collator,
                             TokenizationSettings settings) {
        this.source = source;
        this.pairs = pairs;
        this.collator = collator;
        this.settings = settings;
    }

    /**
     * Tokenizes every example.
     *
     * @throws InvalidExampleException for an example that cannot fit, naming its source row
     */
    public static TokenizedDataset of(PreferenceDataset dataset, PreferenceTokenizer tokenizer, CPOConfig config) {
        TokenizationSettings settings = config.tokenizationSettings();
        RowTokenizer rows = new RowTokenizer(tokenizer, settings);
        int threads = config.datasetNumProc() == null ? 1 : config.datasetNumProc();
        List<TokenizedPair> pairs = threads > 1 && dataset.size() > 1
                ? tokenizeInParallel(dataset, rows, threads)
                : tokenizeRange(dataset, rows, 0, dataset.size());
        int padding = config.paddingValue() != null ? config.paddingValue() : tokenizer.paddingValue();
        TokenizedDataset tokenized = new TokenizedDataset(dataset, List.copyOf(pairs),
                new PreferenceCollator(padding, config.labelPadTokenId()), settings);
        // Said once, like the loader's skipped rows: silently cut answers would train on text nobody chose.
        tokenized.truncationSummary().ifPresent(LOG::warn);
        return tokenized;
    }

    /** How many pairs lost prompt or answer ids to max_length, max_prompt_length or max_completion_length. */
    public int truncatedCount() {
        return (int) pairs.stream().filter(TokenizedPair::truncated).count();
    }

    /**
     * A one-line account of truncation, e.g. {@code "truncated 7 of 7 pairs to max_length = 2
     * (max_prompt_length = 1, truncation_mode = keep_end): train.jsonl, line 1, row 0; ..."}.
     *
     * @return the summary, or empty when no pair was truncated
     */
    public Optional<String> truncationSummary() {
        List<String> named = new ArrayList<>();
        int count = 0;
        for (TokenizedPair pair : pairs) {
            if (pair.truncated()) {
                if (named.size() < NAMED_PAIRS) {
                    named.add(source.sourceOf(pair.index()).describe());
                }
                count++;
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        String completion = settings.maxCompletionLength() == null ? ""
                : ", max_completion_length = " + settings.maxCompletionLength();
        return Optional.of("truncated " + count + " of " + pairs.size() + " pairs to max_length = "
                + settings.maxLength() + " (max_prompt_length = " + settings.maxPromptLength() + completion
                + ", truncation_mode = " + settings.truncationMode().trlName() + "): "
                + String.join("; ", named) + (count > named.size() ? "; and " + (count - named.size())
                + " more" : "") + "; raise max_length to train on whole answers");
    }

    private static List<TokenizedPair> tokenizeRange(PreferenceDataset dataset, RowTokenizer rows, int from,
                                                     int to) {
        List<TokenizedPair> pairs = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            pairs.add(rows.tokenize(dataset.get(i), i, dataset.sourceOf(i).describe()));
        }
        return pairs;
    }

    /**
     * TRL's {@code dataset_num_proc}: contiguous slices tokenized on that many
     * threads (the native tokenizer is thread-safe), joined in order. The
     * slices are awaited in order, so a bad row reported is the first one, as
     * in a sequential pass.
     */
    private static List<TokenizedPair> tokenizeInParallel(PreferenceDataset dataset, RowTokenizer rows,
                                                          int threads) {
        int n = dataset.size();
        int slice = (n + threads - 1) / threads;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), task -> {
            Thread thread = new Thread(task, "cpo-tokenize");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<TokenizedPair>>> parts = new ArrayList<>();
            for (int from = 0; from < n; from += slice) {
                int start = from;
                int end = Math.min(n, from + slice);
                parts.add(pool.submit(() -> tokenizeRange(dataset, rows, start, end)));
            }
            List<TokenizedPair> pairs = new ArrayList<>(n);
            for (Future<List<TokenizedPair>> part : parts) {
                pairs.addAll(part.get());
            }
            return pairs;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tokenizing", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Number of examples. */
    public int size() {
        return pairs.size();
    }

    /** The dataset this was made from. */
    public PreferenceDataset source() {
        return source;
    }

    /** The tokenized example at {@code index}. */
    public TokenizedPair pair(int index) {
        return pairs.get(index);
    }

    /** A padded batch of the examples at {@code indices}, in that order. */
    public dev.cpotoolkit.tokenize.PreferenceBatch batch(int[] indices) {
        List<TokenizedPair> chosen = new ArrayList<>(indices.length);
        for (int index : indices) {
            chosen.add(pairs.get(index));
        }
        return collator.collate(chosen);
    }

    /** Each pair's length for length grouping: its longer row (prompt + answer), in dataset order. */
    public int[] lengths() {
        int[] lengths = new int[pairs.size()];
        for (int i = 0; i < lengths.length; i++) {
            TokenizedPair pair = pairs.get(i);
            lengths[i] = Math.max(pair.chosenLength(), pair.rejectedLength());
        }
        return lengths;
    }
}
