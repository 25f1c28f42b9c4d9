package dev.cpotoolkit.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Corpus chrF against the values sacreBLEU's own test suite publishes
 * (github.com/mjpost/sacrebleu, test/test_chrf.py at f615c72, January 2026);
 * each source names the test the cases come from. That suite uses beta 3.
 */
class ChrfTest {

    private static final double EPSILON = 1e-4;

    private static Arguments pair(List<String> hyps, List<String> refs, double expected) {
        return Arguments.of(hyps, refs, expected);
    }

    /** test_chrf: char_order 6, word_order 0, beta 3, eps_smoothing true. */
    static Stream<Arguments> epsSmoothingCases() {
        return Stream.of(
                pair(List.of("abcdefg"), List.of("hijklmnop"), 0.0),
                pair(List.of("a"), List.of("b"), 0.0),
                pair(List.of(""), List.of("b"), 0.0),
                pair(List.of(""), List.of("ref"), 0.0),
                pair(List.of(""), List.of("reference"), 0.0),
                pair(List.of("aa"), List.of("ab"), 8.3333),
                pair(List.of("a", "b"), List.of("a", "c"), 8.3333),
                pair(List.of("a"), List.of("a"), 16.6667),
                pair(List.of("a b c"), List.of("a b c"), 50.0),
                pair(List.of("a b c"), List.of("abc"), 50.0),
                pair(List.of(" risk assessment must be made of those who are qualified and expertise in the sector"
                                + " - these are the scientists ."),
                        List.of("risk assessment has to be undertaken by those who are qualified and expert in that"
                                + " area - that is the scientists ."), 63.361730),
                pair(List.of(" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "),
                        List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."),
                        64.1302698),
                pair(List.of("Niemand hat die Absicht, eine Mauer zu errichten"),
                        List.of("Niemand hat die Absicht, eine Mauer zu errichten"), 100.0));
    }

    @ParameterizedTest
    @MethodSource("epsSmoothingCases")
    void epsSmoothedChrfMatchesSacrebleu(List<String> hyps, List<String> refs, double expected) {
        assertEquals(expected, Chrf.sacrebleu().beta(3).epsSmoothing(true).corpusScore(hyps, List.of(refs)).score(),
                EPSILON);
    }

    /** test_chrf_eff_order: the default averaging (effective order), beta 3. */
    static Stream<Arguments> effectiveOrderCases() {
        return Stream.of(
                pair(List.of("a"), List.of("a"), 100.0),
                pair(List.of(""), List.of("reference"), 0.0),
                pair(List.of("a b c"), List.of("a b c"), 100.0),
                pair(List.of("a b c"), List.of("abc"), 100.0),
                pair(List.of(""), List.of("c"), 0.0),
                pair(List.of("a", "b"), List.of("a", "c"), 50.0),
                pair(List.of("aa"), List.of("ab"), 25.0));
    }

    @ParameterizedTest
    @MethodSource("effectiveOrderCases")
    void effectiveOrderChrfMatchesSacrebleu(List<String> hyps, List<String> refs, double expected) {
        assertEquals(expected, Chrf.sacrebleu().beta(3).corpusScore(hyps, List.of(refs)).score(), EPSILON);
    }

    /** test_chrf_keep_whitespace: remove_whitespace=False, beta 3. */
    static Stream<Arguments> keepWhitespaceCases() {
        return Stream.of(
                pair(List.of("Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."),
                        List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."),
                        67.3481606),
                pair(List.of("risk assessment must be made of those who are qualified and expertise in the sector"
                                + " - these are the scientists ."),
                        List.of("risk assessment has to be undertaken by those who are qualified and expert in that"
                                + " area - that is the scientists ."), 65.2414427));
    }

    @ParameterizedTest
    @MethodSource("keepWhitespaceCases")
    void whitespaceKeepingChrfMatchesSacrebleu(List<String> hyps, List<String> refs, double expected) {
        assertEquals(expected, Chrf.sacrebleu().beta(3).whitespace(true).corpusScore(hyps, List.of(refs)).score(),
                EPSILON);
    }

    /** test_chrf_sentence_level: sentence_chrf with sacreBLEU's defaults (beta 2) and eps smoothing. */
    static Stream<Arguments> sentenceCases() {
        return Stream.of(
                pair(List.of("Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře."),
                        List.of("Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře."),
                        39.14078509),
                pair(List.of("Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři."),
                        List.of("A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři."),
                        31.22557079),
                pair(List.of("Lapali po dechu, jejich životy skončily dřív, než skutečně začaly."),
                        List.of("Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít,"
                                + " připomněli."), 57.15704367));
    }

    @ParameterizedTest
    @MethodSource("sentenceCases")
    void sentenceChrfMatchesSacrebleu(List<String> hyps, List<String> refs, double expected) {
        assertEquals(expected, Chrf.sacrebleu().epsSmoothing(true).corpusScore(hyps, List.of(refs)).score(),
                EPSILON);
    }

    @Test
    void theBestOfSeveralReferencesCounts() {
        List<String> hyp = List.of("the cat sat");
        double alone = Chrf.sacrebleu().corpusScore(hyp, List.of(List.of("a dog ran"))).score();
        double withExact = Chrf.sacrebleu().corpusScore(hyp, List.of(List.of("a dog ran"), List.of("the cat sat")))
                .score();
        assertEquals(100.0, withExact, 1e-9);
        assertEquals(true, alone < 20, "unrelated reference alone: " + alone);
        assertEquals("chrF2 = 100.00", Chrf.sacrebleu().corpusScore(hyp, List.of(hyp)).toString());
    }
}
