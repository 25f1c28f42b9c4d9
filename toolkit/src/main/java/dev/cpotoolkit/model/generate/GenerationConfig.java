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
 * @param useCache       true (the default) to decode with a KV cache, running only the new token
 *                       at each step; false re-runs the whole sequence every step (slower, kept
 *                       as the reference the cached path is tested against)
 */
public record GenerationConfig(int maxNewTokens, double temperature, int topK, double topP, long seed,
                               List<Integer> eosTokenIds, boolean useCache) {

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

    /** The settings with a KV cache (the default). */
    public GenerationConfig(int maxNewTokens, double temperature, int topK, double topP, long seed,
                            List<Integer> eosTokenIds) {
        this(maxNewTokens, temperature, topK, topP, seed, eosTokenIds, true);
    }

    /** Greedy decoding (argmax at every step, with a KV cache) of up to {@code maxNewTokens}, stopping at {@code eosTokenIds}. */
    public static GenerationConfig greedy(int maxNewTokens, List<Integer> eosTokenIds) {
        return new GenerationConfig(maxNewTokens, 0, 0, 1, 0, eosTokenIds);
    }

    /** Sampling at {@code temperature} with top-k/top-p filtering and a seed. */
    public static GenerationConfig sampled(int maxNewTokens, double temperature, int topK, double topP, long seed,
                                           List<Integer> eosTokenIds) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, eosTokenIds);
    }

    /** These settings with the KV cache switched on or off. */
    public GenerationConfig withCache(boolean cache) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, eosTokenIds, cache);
    }

    /** These settings with a different sampler seed. */
    public GenerationConfig withSeed(long newSeed) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, newSeed, eosTokenIds, useCache);
    }

    /** These settings with different EOS ids. */
    public GenerationConfig withEosTokenIds(List<Integer> ids) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, ids, useCache);
    }

    /** True when decoding is greedy. */
    public boolean isGreedy() {
        return temperature == 0;
    }
}
