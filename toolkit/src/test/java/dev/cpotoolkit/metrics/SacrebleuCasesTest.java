package dev.cpotoolkit.metrics;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * BLEU and chrF on whole corpora against sacreBLEU itself: the numbers in
 * {@code sacrebleu-cases.json} were computed by sacreBLEU's own code
 * ({@code generate_sacrebleu_cases.py} beside it says how), on the toy
 * translation test set and on mixed-script text with two reference streams.
 */
class SacrebleuCasesTest {

    private static final double EPSILON = 1e-9;

    static Stream<JsonObject> cases() throws Exception {
        try (Reader reader = new InputStreamReader(SacrebleuCasesTest.class.getResourceAsStream("sacrebleu-cases.json"),
                StandardCharsets.UTF_8)) {
            JsonArray cases = new Gson().fromJson(reader, JsonObject.class).getAsJsonArray("cases");
            List<JsonObject> list = new ArrayList<>();
            cases.forEach(c -> list.add(c.getAsJsonObject()));
            return list.stream();
        }
    }

    private static List<String> lines(JsonArray array) {
        List<String> lines = new ArrayList<>();
        for (JsonElement line : array) {
            lines.add(line.isJsonNull() ? null : line.getAsString());
        }
        return lines;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyScoreEqualsSacrebleus(JsonObject c) {
        List<String> hyps = lines(c.getAsJsonArray("hypotheses"));
        List<List<String>> refs = new ArrayList<>();
        c.getAsJsonArray("references").forEach(stream -> refs.add(lines(stream.getAsJsonArray())));
        String name = c.get("name").getAsString();
        assertEquals(c.get("bleu").getAsDouble(), Bleu.sacrebleu().corpusScore(hyps, refs).score(), EPSILON, name);
        assertEquals(c.get("bleu_lowercase").getAsDouble(),
                Bleu.sacrebleu().lowercase(true).corpusScore(hyps, refs).score(), EPSILON, name);
        assertEquals(c.get("bleu_tokenize_none").getAsDouble(),
                Bleu.sacrebleu().tokenize(Bleu.Tokenize.NONE).corpusScore(hyps, refs).score(), EPSILON, name);
        assertEquals(c.get("chrf").getAsDouble(), Chrf.sacrebleu().corpusScore(hyps, refs).score(), EPSILON, name);
        assertEquals(c.get("chrf_plus_plus").getAsDouble(),
                Chrf.sacrebleu().wordOrder(2).corpusScore(hyps, refs).score(), EPSILON, name);
    }
}
