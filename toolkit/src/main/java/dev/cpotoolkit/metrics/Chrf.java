package dev.cpotoolkit.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Corpus chrF exactly as sacreBLEU 2.x computes it (Popović, 2015): character
 * n-gram F-score with sacreBLEU's defaults ({@code chrF2|nrefs:N|case:mixed|
 * eff:yes|nc:6|nw:0|space:no}): orders 1 to 6, beta 2 (recall weighs twice as
 * much as precision), whitespace removed before counting, statistics summed
 * over the corpus, precision and recall averaged over the orders that occur
 * (the effective order) before the F-score. {@link #wordOrder(int) wordOrder(2)}
 * gives chrF++; {@link #epsSmoothing(boolean)} the chrF++.py/NLTK averaging.
 * With several references each segment counts against the one giving it the
 * best F-score.
 *
 * <pre>{@code
 * double chrf = Chrf.sacrebleu().corpusScore(hypotheses, List.of(references)).score();
 * }</pre>
 *
 * <p>Immutable: each option returns a new instance.
 */
public final class Chrf {

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final double EPS = 1e-16;

    /**
     * A corpus score.
     *
     * @param score     chrF, 0 to 100
     * @param charOrder character n-gram order
     * @param wordOrder word n-gram order (2 makes it chrF++)
     * @param beta      recall's weight
     */
    public record Score(double score, int charOrder, int wordOrder, int beta) {
        /** sacreBLEU's name and score, e.g. {@code chrF2 = 64.13} or {@code chrF2++ = 59.71}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "chrF%d%s = %.2f", beta, "+".repeat(wordOrder), score);
        }
    }

    private final int charOrder;
    private final int wordOrder;
    private final int beta;
    private final boolean lowercase;
    private final boolean whitespace;
    private final boolean epsSmoothing;

    private Chrf(int charOrder, int wordOrder, int beta, boolean lowercase, boolean whitespace, boolean epsSmoothing) {
        this.charOrder = charOrder;
        this.wordOrder = wordOrder;
        this.beta = beta;
        this.lowercase = lowercase;
        this.whitespace = whitespace;
        this.epsSmoothing = epsSmoothing;
    }

    /** sacreBLEU's defaults: character 6-grams, no word n-grams, beta 2, whitespace removed. */
    public static Chrf sacrebleu() {
        return new Chrf(6, 0, 2, false, false, false);
    }

    /** Character n-gram order (default 6). */
    public Chrf charOrder(int order) {
        return new Chrf(requirePositive(order, "char_order"), wordOrder, beta, lowercase, whitespace, epsSmoothing);
    }

    /** Word n-gram order (default 0; 2 is chrF++). */
    public Chrf wordOrder(int order) {
        if (order < 0) {
            throw new IllegalArgumentException("word_order must not be negative, got " + order);
        }
        return new Chrf(charOrder, order, beta, lowercase, whitespace, epsSmoothing);
    }

    /** Recall's weight against precision (default 2). */
    public Chrf beta(int value) {
        return new Chrf(charOrder, wordOrder, requirePositive(value, "beta"), lowercase, whitespace, epsSmoothing);
    }

    /** Case-insensitive chrF. */
    public Chrf lowercase(boolean lower) {
        return new Chrf(charOrder, wordOrder, beta, lower, whitespace, epsSmoothing);
    }

    /** Keep whitespace inside character n-grams (default: removed). */
    public Chrf whitespace(boolean keep) {
        return new Chrf(charOrder, wordOrder, beta, lowercase, keep, epsSmoothing);
    }

    /** Average F-scores over all orders with epsilon for empty ones, as chrF++.py, NLTK and Moses do. */
    public Chrf epsSmoothing(boolean eps) {
        return new Chrf(charOrder, wordOrder, beta, lowercase, whitespace, eps);
    }

    /**
     * Corpus chrF of {@code hypotheses} against one or more reference streams.
     *
     * @param hypotheses one line per segment
     * @param references reference streams, each with one line per segment; a null line means that
     *                   segment has fewer references
     */
    public Score corpusScore(List<String> hypotheses, List<List<String>> references) {
        References.check(hypotheses, references);
        int orders = charOrder + wordOrder;
        long[] totals = new long[3 * orders];
        for (int i = 0; i < hypotheses.size(); i++) {
            List<Map<String, Integer>> hyp = ngrams(preprocess(hypotheses.get(i)));
            long[] best = null;
            double bestScore = -1.0;
            for (String reference : References.of(references, i)) {
                List<Map<String, Integer>> ref = ngrams(preprocess(reference));
                long[] stats = new long[3 * orders];
                for (int n = 0; n < orders; n++) {
                    matchStatistics(hyp.get(n), ref.get(n), stats, 3 * n);
                }
                double f = fScore(stats);
                if (f > bestScore) {
                    bestScore = f;
                    best = stats;
                }
            }
            for (int k = 0; k < totals.length; k++) {
                totals[k] += best[k];
            }
        }
        return new Score(fScore(totals), charOrder, wordOrder, beta);
    }

    private String preprocess(String line) {
        return lowercase ? line.toLowerCase(Locale.ROOT) : line;
    }

    /** Character n-gram counts per order, then word n-gram counts per order. */
    private List<Map<String, Integer>> ngrams(String line) {
        List<Map<String, Integer>> all = new ArrayList<>();
        String text = whitespace ? line : String.join("", PythonText.split(line));
        int[] chars = PythonText.codePoints(text);
        for (int n = 1; n <= charOrder; n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= chars.length; i++) {
                counts.merge(new String(chars, i, n), 1, Integer::sum);
            }
            all.add(counts);
        }
        if (wordOrder > 0) {
            List<String> words = splitPunctuation(line);
            for (int n = 1; n <= wordOrder; n++) {
                Map<String, Integer> counts = new HashMap<>();
                for (int i = 0; i + n <= words.size(); i++) {
                    counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
                }
                all.add(counts);
            }
        }
        return all;
    }

    /** chrF++'s words: one leading or trailing punctuation mark split off each word longer than one character. */
    private static List<String> splitPunctuation(String line) {
        List<String> words = new ArrayList<>();
        for (String word : PythonText.split(line)) {
            int[] cps = PythonText.codePoints(word);
            if (cps.length == 1) {
                words.add(word);
            } else if (PUNCTUATION.indexOf(cps[cps.length - 1]) >= 0) {
                words.add(new String(cps, 0, cps.length - 1));
                words.add(new String(cps, cps.length - 1, 1));
            } else if (PUNCTUATION.indexOf(cps[0]) >= 0) {
                words.add(new String(cps, 0, 1));
                words.add(new String(cps, 1, cps.length - 1));
            } else {
                words.add(word);
            }
        }
        return words;
    }

    /** Hypothesis n-grams (0 when the reference has none), reference n-grams, clipped matches. */
    private static void matchStatistics(Map<String, Integer> hyp, Map<String, Integer> ref, long[] into, int at) {
        long hypCount = 0;
        long matches = 0;
        for (Map.Entry<String, Integer> ngram : hyp.entrySet()) {
            hypCount += ngram.getValue();
            matches += Math.min(ngram.getValue(), ref.getOrDefault(ngram.getKey(), 0));
        }
        long refCount = ref.values().stream().mapToLong(Integer::longValue).sum();
        into[at] = ref.isEmpty() ? 0 : hypCount;
        into[at + 1] = refCount;
        into[at + 2] = matches;
    }

    private double fScore(long[] statistics) {
        int orders = charOrder + wordOrder;
        double factor = (double) beta * beta;
        double score = 0;
        double precisionSum = 0;
        double recallSum = 0;
        int effective = 0;
        for (int i = 0; i < orders; i++) {
            long hyp = statistics[3 * i];
            long ref = statistics[3 * i + 1];
            long match = statistics[3 * i + 2];
            double precision = hyp > 0 ? (double) match / hyp : EPS;
            double recall = ref > 0 ? (double) match / ref : EPS;
            double denominator = factor * precision + recall;
            score += denominator > 0 ? (1 + factor) * precision * recall / denominator : EPS;
            if (hyp > 0 && ref > 0) {
                precisionSum += precision;
                recallSum += recall;
                effective++;
            }
        }
        if (epsSmoothing) {
            return 100 * score / orders;
        }
        double precision = effective == 0 ? 0.0 : precisionSum / effective;
        double recall = effective == 0 ? 0.0 : recallSum / effective;
        if (precision + recall == 0) {
            return 0.0;
        }
        return 100 * (1 + factor) * precision * recall / (factor * precision + recall);
    }

    private static int requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }
}
