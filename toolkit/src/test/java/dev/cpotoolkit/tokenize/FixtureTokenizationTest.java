package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.cpotoolkit.data.PreferenceExample;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Token ids, labels and padded batches against the fixtures' expected.json, exactly. */
class FixtureTokenizationTest {

    static Stream<Arguments> modelsAndSettings() {
        return Stream.of("tiny-gpt2", "tiny-llama", "tiny-qwen2").flatMap(model -> Stream.of(
                "truncated_keep_end", "truncated_keep_start", "no_truncation")
                .map(setting -> Arguments.of(model, setting)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("modelsAndSettings")
    void examplesAndBatchMatchExpectedJson(String model, String settingName) {
        JsonObject setting = Fixtures.expected(model).getAsJsonObject("settings")
                .getAsJsonObject(settingName);
        List<PreferenceExample> examples = Fixtures.prefs();
        TokenizationSettings settings = Fixtures.settings(setting);
        try (PreferenceTokenizer tokenizer = PreferenceTokenizer.load(Fixtures.model(model))) {
            TokenizationResult result = new RowTokenizer(tokenizer, settings)
                    .tokenizeAll(examples, "prefs.jsonl");
            JsonArray expected = setting.getAsJsonArray("examples");
            assertEquals(expected.size(), result.pairs().size());
            assertTrue(result.skipped().isEmpty());
            for (int i = 0; i < expected.size(); i++) {
                JsonObject e = expected.get(i).getAsJsonObject();
                TokenizedPair p = result.pairs().get(i);
                String where = model + "/" + settingName + " example " + i;
                assertEquals(e.get("index").getAsInt(), p.index(), where);
                assertArrayEquals(Fixtures.ints(e.get("prompt_input_ids")), p.promptIds(), where);
                assertArrayEquals(Fixtures.ints(e.get("chosen_input_ids")), p.chosenInputIds(), where);
                assertArrayEquals(Fixtures.ints(e.get("chosen_labels")), p.chosenLabels(), where);
                assertArrayEquals(Fixtures.ints(e.get("rejected_input_ids")), p.rejectedInputIds(), where);
                assertArrayEquals(Fixtures.ints(e.get("rejected_labels")), p.rejectedLabels(), where);
                assertEquals(0, p.mergedPromptTokens(), where);
                assertTrue(p.chosenLength() <= settings.maxLength(), where);
                assertTrue(p.rejectedLength() <= settings.maxLength(), where);
            }

            PreferenceBatch batch = PreferenceCollator.of(tokenizer, settings).collate(result.pairs());
            assertArrayEquals(Fixtures.ints(setting.get("concatenated_shape")),
                    new int[] {(int) batch.shape()[0], (int) batch.shape()[1]});
            assertEquals(examples.size(), batch.batchSize());

            if (settingName.equals("no_truncation")) {
                // logits.safetensors holds the exact padded batch the reference model was fed.
                Path logits = Fixtures.model(model).resolve("logits.safetensors");
                assertArrayEquals(Fixtures.safetensorsI64(logits, "input_ids"),
                        Fixtures.widen(batch.inputIds()));
                assertArrayEquals(Fixtures.safetensorsI64(logits, "attention_mask"),
                        Fixtures.widen(batch.attentionMask()));
                assertArrayEquals(Fixtures.safetensorsI64(logits, "labels"),
                        Fixtures.widen(batch.labels()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void specialTokenIdsComeFromTheTokenizerFiles(String model) {
        Map<String, Integer> ids = Fixtures.specialIds(Fixtures.expected(model));
        try (PreferenceTokenizer tokenizer = PreferenceTokenizer.load(Fixtures.model(model))) {
            assertEquals(ids.get("bos"), tokenizer.bosTokenId().getAsInt());
            assertEquals(ids.get("eos"), tokenizer.eosTokenId().getAsInt());
            assertEquals(ids.get("pad"), tokenizer.padTokenId().getAsInt());
            assertEquals(ids.get("unk"), tokenizer.unkTokenId().getAsInt());
            assertEquals(ids.get("pad"), tokenizer.paddingValue());
            assertTrue(tokenizer.hasBos() && tokenizer.hasEos());
            // WordLevel + Whitespace: "france?" -> france, ?; "zebra" is out of vocabulary.
            int[] ids2 = tokenizer.encode("is water a zebra?");
            assertEquals(5, ids2.length);
            assertEquals(ids.get("unk"), ids2[3]);
            assertEquals("is water a <unk> ?", tokenizer.decode(ids2));
            assertEquals(64, tokenizer.vocabularySize());
        }
    }
}
