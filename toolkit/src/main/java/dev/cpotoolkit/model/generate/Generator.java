package dev.cpotoolkit.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.layers.KvCache;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Continues a batch of prompts, greedily or by sampling (temperature, top-k,
 * top-p, seed), until each row emits an EOS id or has {@code maxNewTokens}
 * new tokens.
 *
 * <p>With a KV cache (the default) the prompts are run once, then each step
 * feeds only the batch's newest token and reuses every earlier key and value.
 * Prompts of different lengths are <b>left-padded</b> so that every row's
 * next token lands in the same column and one (B, 1) input serves the whole
 * batch; each row gets explicit positions that count only its real tokens
 * (0, 1, ... from its first real token), and the cache keeps the padding
 * masked, so a padded row computes exactly what it computes alone. Rows that
 * have finished keep receiving a masked padding token, whose output is
 * ignored, so the batch keeps its shape. Without a cache
 * ({@link GenerationConfig#withCache(boolean) withCache(false)}), every step
 * re-runs the whole right-padded batch: quadratic, but the plain reference
 * the cached path is tested against.
 *
 * <p>Sampling happens in Java, in double precision, from one
 * {@link Random} seeded per call with {@link GenerationConfig#seed()}, drawing
 * rows in order at every step: the same call gives the same tokens, cached or
 * not, on any device. All arrays of a call live in sub-managers of the
 * model's manager that are closed before it returns.
 */
public final class Generator {

    private Generator() {}

    /**
     * Generates continuations; rows stop independently at an EOS id (which is
     * kept) or after {@code maxNewTokens}.
     *
     * @param prompts token ids of each prompt (each non-empty)
     * @return the new tokens of each row, in prompt order
     */
    public static List<long[]> generate(CausalLM model, List<long[]> prompts, GenerationConfig config) {
        return generateSequences(model, prompts, config).stream().map(GeneratedSequence::tokenIds).toList();
    }

    /**
     * Generates continuations with their finish reasons; rows stop
     * independently at one of {@code config.eosTokenIds()} (kept as the last
     * token) or after {@code maxNewTokens} (or when the sequence reaches the
     * model's position limit).
     *
     * @param prompts token ids of each prompt (each non-empty); BOS is not added here
     * @return one result per prompt, in prompt order
     * @throws IllegalArgumentException if a prompt is empty
     */
    public static List<GeneratedSequence> generateSequences(CausalLM model, List<long[]> prompts,
                                                            GenerationConfig config) {
        for (long[] prompt : prompts) {
            if (prompt.length == 0) {
                throw new IllegalArgumentException("every prompt needs at least one token");
            }
        }
        int rows = prompts.size();
        if (rows == 0) {
            return List.of();
        }
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        int maxPositions = model.config().maxPositions();
        List<List<Long>> generated = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            generated.add(new ArrayList<>());
        }
        boolean[] stoppedAtEos = new boolean[rows];
        Random random = new Random(config.seed());
        try (NextTokenLogits source = config.useCache() ? new CachedLogits(model, prompts)
                : new FullSequenceLogits(model, prompts)) {
            long[] appended = null;
            for (int step = 0; step < config.maxNewTokens(); step++) {
                // Token `step` goes to column longest + step; its logits need every earlier column to have a position.
                if (longest + step > maxPositions || allTrue(stoppedAtEos)) {
                    break;
                }
                float[][] logits = source.next(appended);
                appended = new long[rows];
                Arrays.fill(appended, NextTokenLogits.NOTHING);
                for (int r = 0; r < rows; r++) {
                    if (stoppedAtEos[r]) {
                        continue;
                    }
                    long next = config.isGreedy() ? argMax(logits[r]) : sample(logits[r], config, random);
                    generated.get(r).add(next);
                    appended[r] = next;
                    stoppedAtEos[r] = config.eosTokenIds().contains((int) next);
                }
            }
        }
        List<GeneratedSequence> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            long[] ids = generated.get(r).stream().mapToLong(Long::longValue).toArray();
            out.add(new GeneratedSequence(ids, stoppedAtEos[r] ? FinishReason.EOS : FinishReason.LENGTH));
        }
        return out;
    }

    /**
     * Continues text prompts. Each prompt is encoded without special tokens
     * and, when the tokenizer has a BOS token, gets it prepended unless it
     * already starts with it (the trainer's rule, so prompts look as they did
     * in training). Rows stop at the config's EOS ids, the tokenizer's EOS and
     * the model config's {@code eos_token_id}s.
     *
     * @param prompts the prompts; each must encode to at least one token (with BOS)
     * @return one result per prompt, in order: completion text (special tokens skipped),
     *     new token ids and finish reason
     */
    public static List<TextGeneration> generateText(CausalLM model, PreferenceTokenizer tokenizer,
                                                    List<String> prompts, GenerationConfig config) {
        List<long[]> encoded = new ArrayList<>();
        for (String prompt : prompts) {
            encoded.add(encodePrompt(tokenizer, prompt));
        }
        Set<Integer> eos = new LinkedHashSet<>(config.eosTokenIds());
        tokenizer.eosTokenId().ifPresent(eos::add);
        eos.addAll(model.config().eosTokenIds());
        List<GeneratedSequence> sequences = generateSequences(model, encoded,
                config.withEosTokenIds(List.copyOf(eos)));
        List<TextGeneration> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            GeneratedSequence seq = sequences.get(i);
            int[] ids = Arrays.stream(seq.tokenIds()).mapToInt(Math::toIntExact).toArray();
            out.add(new TextGeneration(prompts.get(i), tokenizer.decode(ids, true), seq));
        }
        return out;
    }

    /** Prompt ids as the trainer builds them: encoded without special tokens, BOS first if the tokenizer has one. */
    static long[] encodePrompt(PreferenceTokenizer tokenizer, String prompt) {
        int[] ids = tokenizer.encode(prompt);
        boolean addBos = tokenizer.hasBos() && (ids.length == 0 || ids[0] != tokenizer.bosTokenId().getAsInt());
        long[] out = new long[ids.length + (addBos ? 1 : 0)];
        if (addBos) {
            out[0] = tokenizer.bosTokenId().getAsInt();
        }
        for (int i = 0; i < ids.length; i++) {
            out[out.length - ids.length + i] = ids[i];
        }
        return out;
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------ logit sources

    /** Where next-token logits come from: the cached or the full-sequence forward. */
    private interface NextTokenLogits extends AutoCloseable {

        /** Marks a row that received no token (it has finished). */
        long NOTHING = -1;

        /**
         * The next-token logits of every row.
         *
         * @param appended null on the first call; afterwards the token appended to each row since
         *                 the previous call, or {@link #NOTHING} for a finished row
         * @return (rows)(vocab) logits; a finished row's entry is meaningless
         */
        float[][] next(long[] appended);

        @Override
        void close();
    }

    /** Runs the left-padded prompts once, then one new column per step against a {@link KvCache}. */
    private static final class CachedLogits implements NextTokenLogits {
        private final CausalLM model;
        private final List<long[]> prompts;
        private final long pad;
        private final long[] nextPosition;
        private final KvCache cache;

        CachedLogits(CausalLM model, List<long[]> prompts) {
            this.model = model;
            this.prompts = prompts;
            this.pad = Math.max(model.config().padTokenId(), 0);
            this.nextPosition = prompts.stream().mapToLong(p -> p.length).toArray();
            this.cache = model.newKvCache();
        }

        @Override
        public float[][] next(long[] appended) {
            return appended == null ? prefill() : feed(appended);
        }

        /** The prompts, left-padded; each real token's position is its index in its own prompt. */
        private float[][] prefill() {
            int rows = prompts.size();
            int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
            long[][] ids = new long[rows][longest];
            long[][] mask = new long[rows][longest];
            long[][] positions = new long[rows][longest];
            for (int r = 0; r < rows; r++) {
                long[] prompt = prompts.get(r);
                int offset = longest - prompt.length;
                Arrays.fill(ids[r], 0, offset, pad); // masked; position 0 is any valid row of a position table
                for (int t = 0; t < prompt.length; t++) {
                    ids[r][offset + t] = prompt[t];
                    mask[r][offset + t] = 1;
                    positions[r][offset + t] = t;
                }
            }
            return run(ids, mask, positions);
        }

        /** One column: each row's new token at its next position; finished rows get a masked pad. */
        private float[][] feed(long[] appended) {
            int rows = appended.length;
            long[][] ids = new long[rows][1];
            long[][] mask = new long[rows][1];
            long[][] positions = new long[rows][1];
            for (int r = 0; r < rows; r++) {
                boolean real = appended[r] != NOTHING;
                ids[r][0] = real ? appended[r] : pad;
                mask[r][0] = real ? 1 : 0;
                positions[r][0] = real ? nextPosition[r]++ : nextPosition[r];
            }
            return run(ids, mask, positions);
        }

        private float[][] run(long[][] ids, long[][] mask, long[][] positions) {
            try (NDManager step = model.manager().newSubManager()) {
                ForwardInput input = new ForwardInput(step.create(ids), step.create(mask), step.create(positions));
                NDArray logits = model.forwardNoGrad(input, cache);
                // Left padding puts every row's newest token in the last column.
                return rowsOf(logits.get(":, -1, :"));
            }
        }

        @Override
        public void close() {
            cache.close();
        }
    }

    /** Re-runs each row's whole sequence (right-padded, default positions) at every step. */
    private static final class FullSequenceLogits implements NextTokenLogits {
        private final CausalLM model;
        private final List<List<Long>> sequences = new ArrayList<>();
        private final long pad;

        FullSequenceLogits(CausalLM model, List<long[]> prompts) {
            this.model = model;
            this.pad = Math.max(model.config().padTokenId(), 0);
            for (long[] prompt : prompts) {
                sequences.add(new ArrayList<>(Arrays.stream(prompt).boxed().toList()));
            }
        }

        @Override
        public float[][] next(long[] appended) {
            int rows = sequences.size();
            if (appended != null) {
                for (int r = 0; r < rows; r++) {
                    if (appended[r] != NOTHING) {
                        sequences.get(r).add(appended[r]);
                    }
                }
            }
            int longest = sequences.stream().mapToInt(List::size).max().orElseThrow();
            long[][] ids = new long[rows][longest];
            long[][] mask = new long[rows][longest];
            for (int r = 0; r < rows; r++) {
                Arrays.fill(ids[r], pad);
                List<Long> seq = sequences.get(r);
                for (int t = 0; t < seq.size(); t++) {
                    ids[r][t] = seq.get(t);
                    mask[r][t] = 1;
                }
            }
            float[][] last = new float[rows][];
            try (NDManager step = model.manager().newSubManager()) {
                NDArray logits = model.forwardNoGrad(ForwardInput.of(step.create(ids), step.create(mask)));
                for (int r = 0; r < rows; r++) {
                    last[r] = logits.get(r).get(sequences.get(r).size() - 1).toFloatArray();
                }
            }
            return last;
        }

        @Override
        public void close() {
            // Nothing outlives a step.
        }
    }

    /** (B, V) logits to one Java array per row, in a single copy from the device. */
    private static float[][] rowsOf(NDArray logits) {
        int rows = Math.toIntExact(logits.getShape().get(0));
        int vocab = Math.toIntExact(logits.getShape().get(1));
        float[] flat = logits.toFloatArray();
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * vocab, (r + 1) * vocab);
        }
        return out;
    }

    // ---------------------------------------------------------------- choosing

    /** The index of the largest logit (the first on ties, as {@code torch.argmax}). */
    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * One draw after temperature, then top-k, then top-p (nucleus), in
     * Hugging Face's warper order. Top-p keeps the smallest set of most likely
     * tokens whose probability (renormalised over the top-k set) reaches p,
     * never fewer than one token.
     */
    static int sample(float[] logits, GenerationConfig config, Random random) {
        Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -logits[i]));
        int keep = config.topK() > 0 ? Math.min(config.topK(), logits.length) : logits.length;
        double max = logits[order[0]] / config.temperature();
        double[] p = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(logits[order[i]] / config.temperature() - max);
            total += p[i];
        }
        double cumulative = 0;
        int nucleus = keep;
        for (int i = 0; i < keep; i++) {
            p[i] /= total;
            cumulative += p[i];
            if (cumulative >= config.topP()) {
                nucleus = i + 1;
                break;
            }
        }
        double mass = 0;
        for (int i = 0; i < nucleus; i++) {
            mass += p[i];
        }
        double u = random.nextDouble() * mass;
        for (int i = 0; i < nucleus; i++) {
            u -= p[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[nucleus - 1];
    }
}
