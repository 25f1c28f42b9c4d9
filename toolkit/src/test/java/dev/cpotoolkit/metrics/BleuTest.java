package dev.cpotoolkit.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Corpus BLEU against the values sacreBLEU's own test suite publishes
 * (github.com/mjpost/sacrebleu, test/test_bleu.py at f615c72, January 2026);
 * each case names the test it comes from.
 */
class BleuTest {

    private static final double EPSILON = 1e-8;

    // test_bleu.py: _refs and _hyps, the README example
    private static final List<List<String>> REFS = List.of(
            List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
            List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));
    private static final List<String> HYPS = List.of(
            "The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");

    /** sacreBLEU's {@code raw_corpus_bleu}: no tokenization, floor smoothing, effective order. */
    private static Bleu raw(double smoothValue) {
        return Bleu.sacrebleu().tokenize(Bleu.Tokenize.NONE).smoothing(Bleu.Smoothing.FLOOR, smoothValue)
                .effectiveOrder(true);
    }

    static Stream<Arguments> corpusCases() {
        return Stream.of(
                // test_corpus_bleu: default settings, 13a explicitly, no smoothing
                Arguments.of(HYPS, Bleu.sacrebleu(), 48.530827),
                Arguments.of(List.of("", "", ""), Bleu.sacrebleu(), 0.0),
                Arguments.of(HYPS, Bleu.sacrebleu().tokenize(Bleu.Tokenize.NONE), 49.1919566),
                Arguments.of(HYPS, Bleu.sacrebleu().smoothing(Bleu.Smoothing.NONE), 48.530827));
    }

    @ParameterizedTest
    @MethodSource("corpusCases")
    void corpusBleuMatchesSacrebleu(List<String> hypotheses, Bleu bleu, double expected) {
        assertEquals(expected, bleu.corpusScore(hypotheses, REFS).score(), EPSILON);
    }

    // test_max_ngram_order
    @ParameterizedTest
    @CsvSource({"1, 77.65", "2, 60.50", "3, 53.93", "4, 48.53", "5, 46.14", "6, 43.28"})
    void everyMaxOrderMatchesSacrebleu(int order, String expected) {
        double score = Bleu.sacrebleu().maxNgramOrder(order).corpusScore(HYPS, REFS).score();
        assertEquals(expected, String.format(Locale.ROOT, "%.2f", score));
    }

    // test_raw_bleu and test_effective_order (raw_corpus_bleu with smooth_value 0.01; scores / 100)
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "this is a test|this is a test|1.0",
            "this is a fest|this is a test|0.223606797749979",
            "test|a test|0.3678794411714425",
            "a test|a test|1.0",
            "a little test|a test|0.03218297948685433"})
    void rawBleuMatchesSacrebleu(String hypothesis, String reference, double expected) {
        double score = raw(0.01).corpusScore(List.of(hypothesis), List.of(List.of(reference))).score() / 100;
        assertEquals(expected, score, EPSILON);
    }

    @Test
    void noMatchesScoresZero() {
        // test_raw_bleu's first case: two hypotheses, one reference stream of two lines (#141)
        assertEquals(0.0, raw(0.01).corpusScore(List.of("this is a test", "another test"),
                List.of(List.of("ref1", "ref2"))).score());
    }

    // test_statistics and test_offset
    @Test
    void statisticsAndFloorOffsetMatchSacrebleu() {
        List<String> hyp = List.of("am I am a character sequence");
        List<List<String>> ref = List.of(List.of("I am a symbol string sequence a a"));
        Bleu.Score score = raw(0.01).corpusScore(hyp, ref);
        assertArrayEquals(new long[] {4, 2, 1, 0}, score.counts());
        assertArrayEquals(new long[] {6, 5, 4, 3}, score.totals());
        assertEquals(0.1555722182, raw(0.1).corpusScore(hyp, ref).score() / 100, EPSILON);
        assertEquals(0.0, raw(0.0).corpusScore(hyp, ref).score() / 100, EPSILON);
    }

    // test_scoring and test_degenerate_statistics
    @Test
    void scoresFromStatisticsMatchSacrebleu() {
        assertEquals(0.8375922397, Bleu.sacrebleu().fromStatistics(new long[] {9, 7, 5, 3},
                new long[] {10, 8, 6, 4}, 11, 11).score() / 100, EPSILON);
        Bleu floor = Bleu.sacrebleu().smoothing(Bleu.Smoothing.FLOOR, 0.0);
        assertEquals(0.0, floor.fromStatistics(new long[4], new long[] {4, 4, 2, 1}, 0, 1).score());
        assertEquals(0.0, floor.fromStatistics(new long[] {6, 5, 4, 0}, new long[] {6, 5, 4, 3}, 6, 6).score());
        assertEquals(0.0, Bleu.sacrebleu().smoothing(Bleu.Smoothing.FLOOR, 0.01)
                .fromStatistics(new long[4], new long[4], 1, 5).score());
    }

    @Test
    void thirteenATokenizationSplitsPunctuationButNotNumbers() {
        assertEquals("It wasn't surprising .", Tokenizer13a.tokenize("It wasn't surprising."));
        assertEquals("3.14 and 1,000 , not 3 - 4", Tokenizer13a.tokenize("3.14 and 1,000, not 3-4"));
        assertEquals("\" a \" & < b >", Tokenizer13a.tokenize("&quot;a&quot; &amp; &lt;b&gt;"));
        // Python's str.split(): a no-break space separates words too
        assertEquals("a b", Tokenizer13a.tokenize("a\u00a0b"));
    }

    @Test
    void aPerfectCorpusScoresOneHundredAndCountsCodePointsNotChars() {
        List<String> lines = List.of("Der Hund 🐕 biss den Mann.", "Ein zweiter Satz, länger als der erste.");
        Bleu.Score score = Bleu.sacrebleu().corpusScore(lines, List.of(lines));
        assertEquals(100.0, score.score(), 1e-9);
        assertEquals(1.0, score.brevityPenalty());
        assertTrue(score.toString().startsWith("BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000"), score::toString);
    }

    @Test
    void badLayoutsAreRefusedByName() {
        IllegalArgumentException shortStream = assertThrows(IllegalArgumentException.class,
                () -> Bleu.sacrebleu().corpusScore(HYPS, List.of(List.of("one line"))));
        assertTrue(shortStream.getMessage().contains("reference stream 0 has 1 lines for 3 hypotheses"),
                shortStream.getMessage());
        IllegalArgumentException noReference = assertThrows(IllegalArgumentException.class,
                () -> Bleu.sacrebleu().corpusScore(List.of("a"), List.of(Arrays.asList((String) null))));
        assertTrue(noReference.getMessage().contains("segment 0 has no reference"), noReference.getMessage());
    }

    /** README's example, with the summaries sacreBLEU prints for it. */
    @Test
    void theReadmeExamplePrintsWhatSacrebleuPrints() {
        List<String> systemOut = List.of("The dog bit the man.", "It wasn't surprising.");
        List<List<String>> refStreams = List.of(List.of("The dog bit the man.", "It was not unexpected."));
        assertEquals("BLEU = 63.98 80.0/62.5/66.7/75.0 (BP = 0.905 ratio = 0.909 hyp_len = 10 ref_len = 11)",
                Bleu.sacrebleu().corpusScore(systemOut, refStreams).toString());
        assertEquals("chrF2 = 58.47", Chrf.sacrebleu().corpusScore(systemOut, refStreams).toString());
        assertEquals("chrF2++ = 60.24", Chrf.sacrebleu().wordOrder(2).corpusScore(systemOut, refStreams).toString());
    }
}
