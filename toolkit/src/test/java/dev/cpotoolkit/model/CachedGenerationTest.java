package dev.cpotoolkit.model;

import ai.djl.ndarray.BaseNDManager;
import dev.cpotoolkit.model.generate.FinishReason;
import dev.cpotoolkit.model.generate.GeneratedSequence;
import dev.cpotoolkit.model.generate.GenerationConfig;
import dev.cpotoolkit.model.generate.Generator;
import dev.cpotoolkit.model.generate.TextGeneration;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding with a KV cache gives exactly the tokens of decoding without one,
 * for batches of prompts of different lengths, greedy and sampled, on every
 * fixture architecture; and it leaves no arrays behind.
 */
class CachedGenerationTest {

    private static final List<long[]> PROMPTS = List.of(
            new long[] {2, 10, 11, 12, 13, 14, 15, 16},
            new long[] {2, 20},
            new long[] {2, 30, 31, 32, 33},
            new long[] {40});

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void greedyCachedEqualsUncachedAndEachPromptAlone(String name) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(name))) {
            GenerationConfig cached = GenerationConfig.greedy(16, List.of());
            List<GeneratedSequence> withCache = Generator.generateSequences(model, PROMPTS, cached);
            List<GeneratedSequence> without = Generator.generateSequences(model, PROMPTS, cached.withCache(false));
            assertEquals(without, withCache, name);
            for (int r = 0; r < PROMPTS.size(); r++) {
                assertEquals(16, withCache.get(r).tokenIds().length);
                assertEquals(FinishReason.LENGTH, withCache.get(r).finishReason());
                GeneratedSequence alone = Generator.generateSequences(model, List.of(PROMPTS.get(r)), cached).get(0);
                assertEquals(alone, withCache.get(r), name + " row " + r + " alone");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void seededSamplingCachedEqualsUncached(String name) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(name))) {
            List<GenerationConfig> settings = List.of(
                    GenerationConfig.sampled(16, 1.0, 0, 1.0, 7, List.of()),
                    GenerationConfig.sampled(16, 0.8, 10, 0.9, 11, List.of()),
                    GenerationConfig.sampled(16, 1.3, 0, 0.7, 12, List.of(3)));
            for (GenerationConfig config : settings) {
                List<GeneratedSequence> withCache = Generator.generateSequences(model, PROMPTS, config);
                assertEquals(Generator.generateSequences(model, PROMPTS, config.withCache(false)), withCache,
                        name + " " + config);
                assertEquals(withCache, Generator.generateSequences(model, PROMPTS, config), "same seed, same tokens");
            }
        }
    }

    /** Rows stop at their own first EOS, kept as the last token; the others run to the length limit. */
    @Test
    void rowsStopAtEosIndependently() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            GenerationConfig free = GenerationConfig.greedy(12, List.of());
            long[] row0 = Generator.generateSequences(model, PROMPTS, free).get(0).tokenIds();
            long eos = row0[3];
            int firstEos = 0;
            while (row0[firstEos] != eos) {
                firstEos++;
            }
            GenerationConfig stopping = free.withEosTokenIds(List.of((int) eos));
            List<GeneratedSequence> cached = Generator.generateSequences(model, PROMPTS, stopping);
            assertEquals(Generator.generateSequences(model, PROMPTS, stopping.withCache(false)), cached);
            GeneratedSequence first = cached.get(0);
            assertEquals(FinishReason.EOS, first.finishReason());
            assertEquals(firstEos + 1, first.tokenIds().length);
            assertEquals(eos, first.tokenIds()[firstEos]);
            for (GeneratedSequence seq : cached) {
                long[] ids = seq.tokenIds();
                for (int i = 0; i < ids.length - 1; i++) {
                    assertTrue(ids[i] != eos, "nothing after EOS");
                }
                assertEquals(seq.finishReason() == FinishReason.EOS, ids.length > 0 && ids[ids.length - 1] == eos);
            }
        }
    }

    /** GPT-2's learned positions end at n_positions (64 here): both paths stop there with LENGTH. */
    @Test
    void generationStopsAtThePositionLimit() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-gpt2"))) {
            long[] longPrompt = new long[60];
            for (int i = 0; i < longPrompt.length; i++) {
                longPrompt[i] = 4 + i % 50;
            }
            List<long[]> prompts = List.of(longPrompt, new long[] {2, 20});
            GenerationConfig config = GenerationConfig.greedy(10, List.of());
            List<GeneratedSequence> cached = Generator.generateSequences(model, prompts, config);
            assertEquals(Generator.generateSequences(model, prompts, config.withCache(false)), cached);
            // Tokens 0..4 go to columns 60..64; token 4's logits come from a pass over 64 columns, the most there are.
            assertEquals(5, cached.get(0).tokenIds().length);
            assertEquals(FinishReason.LENGTH, cached.get(0).finishReason());
        }
    }

    /** The cache lives in a sub-manager that is closed: the model's manager holds as many arrays as before. */
    @Test
    void generationLeavesNoArraysInTheModelManager() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-qwen2"));
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(Fixtures.folder("tiny-qwen2"))) {
            BaseNDManager manager = (BaseNDManager) model.manager();
            GenerationConfig greedy = GenerationConfig.greedy(10, List.of(3));
            Generator.generate(model, PROMPTS, greedy); // warm-up: anything created lazily once
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                Generator.generate(model, PROMPTS, greedy);
                Generator.generate(model, PROMPTS, greedy.withCache(false));
                Generator.generate(model, PROMPTS, GenerationConfig.sampled(10, 1.0, 5, 0.9, i, List.of()));
                Generator.generateText(model, tokenizer, List.of("what is the capital of france?"), greedy);
            }
            assertEquals(before, manager.getManagedArrays().size());
        }
    }

    /** Text in, text out: BOS prepended as the trainer does, EOS from the tokenizer and the model config. */
    @Test
    void generateTextDecodesTheNewTokens() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-gpt2"));
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(Fixtures.folder("tiny-gpt2"))) {
            List<String> prompts = List.of("what is the capital of france?", "<s> name a small red fruit", "hello");
            GenerationConfig config = GenerationConfig.sampled(12, 1.0, 0, 1.0, 5, List.of());
            List<TextGeneration> texts = Generator.generateText(model, tokenizer, prompts, config);

            int bos = tokenizer.bosTokenId().getAsInt();
            List<long[]> ids = new ArrayList<>();
            for (String prompt : prompts) {
                int[] encoded = tokenizer.encode(prompt);
                boolean hasBos = encoded.length > 0 && encoded[0] == bos;
                long[] withBos = new long[encoded.length + (hasBos ? 0 : 1)];
                withBos[0] = bos;
                for (int i = 0; i < encoded.length; i++) {
                    withBos[withBos.length - encoded.length + i] = encoded[i];
                }
                ids.add(withBos);
            }
            int eos = tokenizer.eosTokenId().getAsInt();
            List<GeneratedSequence> expected = Generator.generateSequences(model, ids, config.withEosTokenIds(
                    List.of(eos)));
            assertEquals(prompts.size(), texts.size());
            for (int r = 0; r < prompts.size(); r++) {
                TextGeneration text = texts.get(r);
                assertEquals(prompts.get(r), text.prompt());
                assertArrayEquals(expected.get(r).tokenIds(), text.tokenIds());
                assertEquals(expected.get(r).finishReason(), text.finishReason());
                int[] newIds = java.util.Arrays.stream(text.tokenIds()).mapToInt(Math::toIntExact).toArray();
                assertEquals(tokenizer.decode(newIds, true), text.completion());
                assertTrue(!text.completion().contains("</s>"), "special tokens are skipped in the text");
            }
        }
    }
}
