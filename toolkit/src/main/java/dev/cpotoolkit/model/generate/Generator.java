package dev.cpotoolkit.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Continues a batch of prompts, greedily or by sampling (temperature, top-k,
 * top-p, seed). Each step runs the whole right-padded batch through the model
 * without a KV cache, which is quadratic in length but exact and simple; fine
 * for the short generations of tutorials and evaluation. Sampling happens in
 * Java in double precision, so a seed reproduces the same tokens on any device.
 */
public final class Generator {

    private Generator() {}

    /**
     * Generates continuations; rows stop independently at an EOS token (which
     * is kept) or after {@code maxNewTokens}.
     *
     * @param prompts token ids of each prompt (non-empty)
     * @return the new tokens of each row, in prompt order
     */
    public static List<long[]> generate(CausalLM model, List<long[]> prompts, GenerationConfig config) {
        int rows = prompts.size();
        List<List<Long>> sequences = new ArrayList<>();
        for (long[] prompt : prompts) {
            if (prompt.length == 0) {
                throw new IllegalArgumentException("every prompt needs at least one token");
            }
            List<Long> ids = new ArrayList<>();
            for (long id : prompt) {
                ids.add(id);
            }
            sequences.add(ids);
        }
        List<List<Long>> generated = new ArrayList<>();
        boolean[] done = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            generated.add(new ArrayList<>());
        }
        Random random = new Random(config.seed());
        long pad = Math.max(model.config().padTokenId(), 0);
        int maxPositions = model.config().maxPositions();
        for (int step = 0; step < config.maxNewTokens(); step++) {
            int longest = sequences.stream().mapToInt(List::size).max().orElse(0);
            if (longest >= maxPositions || IntStream.range(0, rows).allMatch(r -> done[r])) {
                break;
            }
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
            try (NDManager stepManager = model.manager().newSubManager()) {
                NDArray logits = model.forwardNoGrad(ForwardInput.of(stepManager.create(ids), stepManager.create(mask)));
                for (int r = 0; r < rows; r++) {
                    if (!done[r]) {
                        last[r] = logits.get(r).get(sequences.get(r).size() - 1).toFloatArray();
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                if (done[r]) {
                    continue;
                }
                long next = config.isGreedy() ? argMax(last[r]) : sample(last[r], config, random);
                sequences.get(r).add(next);
                generated.get(r).add(next);
                if (config.eosTokenIds().contains((int) next)) {
                    done[r] = true;
                }
            }
        }
        List<long[]> out = new ArrayList<>();
        for (List<Long> g : generated) {
            out.add(g.stream().mapToLong(Long::longValue).toArray());
        }
        return out;
    }

    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Temperature, then top-k, then top-p (nucleus), then one draw, as Hugging Face orders the warpers. */
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
