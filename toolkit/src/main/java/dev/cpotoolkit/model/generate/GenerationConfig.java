package dev.cpotoolkit.model.generate;

import java.util.List;

/**
 * How to continue a prompt, with Hugging Face {@code generate()} meanings.
 *
 * @param maxNewTokens   most tokens appended to each prompt
 * @param temperature    0 for greedy decoding; otherwise logits are divided by it before sampling
 * @param topK           keep only the k most likely tokens (0 = no limit)
 * @param topP           keep the smallest set of tokens whose probability reaches p (1 = no limit)
 * @param seed           seed of the sampler; the same seed gives the same samples
 * @param eosTokenIds    generation of a row stops after it emits one of these (may be empty)
 */
public record GenerationConfig(int maxNewTokens, double temperature, int topK, double topP, long seed,
                               List<Integer> eosTokenIds) {

    /** Validates the settings. */
    public GenerationConfig {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** Greedy decoding of up to {@code maxNewTokens}, stopping at {@code eosTokenIds}. */
    public static GenerationConfig greedy(int maxNewTokens, List<Integer> eosTokenIds) {
        return new GenerationConfig(maxNewTokens, 0, 0, 1, 0, eosTokenIds);
    }

    /** Sampling at {@code temperature} with top-k/top-p filtering and a seed. */
    public static GenerationConfig sampled(int maxNewTokens, double temperature, int topK, double topP, long seed,
                                           List<Integer> eosTokenIds) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, eosTokenIds);
    }

    /** True when decoding is greedy. */
    public boolean isGreedy() {
        return temperature == 0;
    }
}
