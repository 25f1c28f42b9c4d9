package dev.cpotoolkit.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Corpus BLEU exactly as sacreBLEU 2.x computes it (Papineni et al., 2002, with
 * sacreBLEU's conventions). The defaults are sacreBLEU's
 * ({@code BLEU|nrefs:N|case:mixed|eff:no|tok:13a|smooth:exp}): the {@code 13a}
 * tokenizer, n-grams up to 4, exponential (NIST) smoothing of zero counts,
 * clipped n-gram counts against the per-order maximum over the references, and
 * a brevity penalty from each hypothesis's closest reference length (the
 * shorter on a tie), summed over the corpus before the score is taken.
 *
 * <pre>{@code
 * Bleu.Score bleu = Bleu.sacrebleu().corpusScore(
 *         List.of("The dog bit the man."), List.of(List.of("The dog bit the man.")));
 * bleu.score();   // 100.0
 * }</pre>
 *
 * <p>Immutable: each option returns a new instance.
 */
public final class Bleu {

    /** How zero n-gram counts are smoothed (Chen and Cherry, 2014), with sacreBLEU's names. */
    public enum Smoothing {
        /** No smoothing: one empty order makes the score 0. */
        NONE(0.0),
        /** Method 1: a zero count becomes {@code smoothValue} (default 0.1). */
        FLOOR(0.1),
        /** Method 2: {@code smoothValue} (default 1) added to counts and totals from bigrams on. */
        ADD_K(1.0),
        /** Method 3, NIST's (mteval-v13a): the k-th zero precision becomes 1 / (2^k total). sacreBLEU's default. */
        EXP(0.0);

        final double defaultValue;

        Smoothing(double defaultValue) {
            this.defaultValue = defaultValue;
        }
    }

    /** How text is split into words before counting. */
    public enum Tokenize {
        /** sacreBLEU's default, WMT's {@code mteval-v13a} rules ({@link Tokenizer13a}). */
        THIRTEEN_A,
        /** Text already tokenized: split on whitespace only. */
        NONE
    }

    /**
     * A corpus score and the statistics behind it.
     *
     * @param score        BLEU, 0 to 100
     * @param counts       matched n-grams per order (clipped)
     * @param totals       hypothesis n-grams per order
     * @param precisions   n-gram precision per order, in percent (after smoothing)
     * @param brevityPenalty the brevity penalty, at most 1
     * @param sysLen       hypothesis words in the corpus
     * @param refLen       reference words counted against them
     */
    public record Score(double score, long[] counts, long[] totals, double[] precisions, double brevityPenalty,
                        long sysLen, long refLen) {
        /** sacreBLEU's one-line summary, e.g. {@code BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}. */
        @Override
        public String toString() {
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < precisions.length; i++) {
                p.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.1f", precisions[i]));
            }
            return String.format(Locale.ROOT, "BLEU = %.2f %s (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)",
                    score, p, brevityPenalty, refLen == 0 ? 0.0 : (double) sysLen / refLen, sysLen, refLen);
        }
    }

    private final int maxOrder;
    private final Smoothing smoothing;
    private final Double smoothValue;
    private final Tokenize tokenize;
    private final boolean lowercase;
    private final boolean effectiveOrder;

    private Bleu(int maxOrder, Smoothing smoothing, Double smoothValue, Tokenize tokenize, boolean lowercase,
                 boolean effectiveOrder) {
        this.maxOrder = maxOrder;
        this.smoothing = smoothing;
        this.smoothValue = smoothValue;
        this.tokenize = tokenize;
        this.lowercase = lowercase;
        this.effectiveOrder = effectiveOrder;
    }

    /** sacreBLEU's defaults: 4-grams, {@code exp} smoothing, {@code 13a}, case-sensitive, no effective order. */
    public static Bleu sacrebleu() {
        return new Bleu(4, Smoothing.EXP, null, Tokenize.THIRTEEN_A, false, false);
    }

    /** The largest n-gram order counted (sacreBLEU's {@code max_ngram_order}, default 4). */
    public Bleu maxNgramOrder(int order) {
        if (order < 1) {
            throw new IllegalArgumentException("max_ngram_order must be at least 1, got " + order);
        }
        return new Bleu(order, smoothing, smoothValue, tokenize, lowercase, effectiveOrder);
    }

    /** The smoothing method, with its default value. */
    public Bleu smoothing(Smoothing method) {
        return new Bleu(maxOrder, Objects.requireNonNull(method, "method"), null, tokenize, lowercase, effectiveOrder);
    }

    /** The smoothing method and its value (for {@code floor} and {@code add-k}). */
    public Bleu smoothing(Smoothing method, double value) {
        return new Bleu(maxOrder, Objects.requireNonNull(method, "method"), value, tokenize, lowercase,
                effectiveOrder);
    }

    /** The tokenization applied to hypotheses and references. */
    public Bleu tokenize(Tokenize how) {
        return new Bleu(maxOrder, smoothing, smoothValue, Objects.requireNonNull(how, "how"), lowercase,
                effectiveOrder);
    }

    /** Case-insensitive BLEU ({@code case:lc}). */
    public Bleu lowercase(boolean lower) {
        return new Bleu(maxOrder, smoothing, smoothValue, tokenize, lower, effectiveOrder);
    }

    /** Stop at the highest order the hypotheses have n-grams of (for sentence-level BLEU). */
    public Bleu effectiveOrder(boolean effective) {
        return new Bleu(maxOrder, smoothing, smoothValue, tokenize, lowercase, effective);
    }

    /**
     * Corpus BLEU of {@code hypotheses} against one or more reference streams.
     *
     * @param hypotheses one line per segment
     * @param references reference streams, each with one line per segment (sacreBLEU's layout:
     *                   {@code references.get(r).get(i)} is the r-th reference of segment i);
     *                   a null line means that segment has fewer references
     */
    public Score corpusScore(List<String> hypotheses, List<List<String>> references) {
        References.check(hypotheses, references);
        long[] stats = new long[2 + 2 * maxOrder];
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> refs = References.of(references, i);
            Map<String, Integer> refNgrams = new HashMap<>();
            int[] refLens = new int[refs.size()];
            for (int r = 0; r < refs.size(); r++) {
                List<String> words = PythonText.split(preprocess(refs.get(r)));
                refLens[r] = words.size();
                ngrams(words).forEach((ngram, count) -> refNgrams.merge(ngram, count, Math::max));
            }
            List<String> words = PythonText.split(preprocess(hypotheses.get(i)));
            stats[0] += words.size();
            stats[1] += closest(words.size(), refLens);
            for (Map.Entry<String, Integer> ngram : ngrams(words).entrySet()) {
                int order = order(ngram.getKey());
                stats[2 + maxOrder + order - 1] += ngram.getValue();
                stats[2 + order - 1] += Math.min(ngram.getValue(), refNgrams.getOrDefault(ngram.getKey(), 0));
            }
        }
        long[] counts = Arrays.copyOfRange(stats, 2, 2 + maxOrder);
        long[] totals = Arrays.copyOfRange(stats, 2 + maxOrder, 2 + 2 * maxOrder);
        return fromStatistics(counts, totals, stats[0], stats[1]);
    }

    /**
     * BLEU from its sufficient statistics (sacreBLEU's {@code compute_bleu}).
     *
     * @param counts matched n-grams per order
     * @param totals hypothesis n-grams per order
     * @param sysLen hypothesis length
     * @param refLen reference length
     */
    public Score fromStatistics(long[] counts, long[] totals, long sysLen, long refLen) {
        double value = smoothValue != null ? smoothValue : smoothing.defaultValue;
        double bp = 1.0;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
        }
        double[] precisions = new double[maxOrder];
        if (Arrays.stream(counts).allMatch(c -> c == 0)) {
            return new Score(0.0, counts.clone(), totals.clone(), precisions, bp, sysLen, refLen);
        }
        double[] correct = Arrays.stream(counts).asDoubleStream().toArray();
        double[] total = Arrays.stream(totals).asDoubleStream().toArray();
        double smoothMteval = 1.0;
        int effective = maxOrder;
        for (int n = 1; n <= maxOrder; n++) {
            if (smoothing == Smoothing.ADD_K && n > 1) {
                correct[n - 1] += value;
                total[n - 1] += value;
            }
            if (total[n - 1] == 0) {
                break;
            }
            if (effectiveOrder) {
                effective = n;
            }
            if (correct[n - 1] == 0) {
                if (smoothing == Smoothing.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
                } else if (smoothing == Smoothing.FLOOR) {
                    precisions[n - 1] = 100.0 * value / total[n - 1];
                }
            } else {
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            }
        }
        double logSum = 0;
        for (int n = 0; n < effective; n++) {
            // sacreBLEU floors log(0) at -9999999999 rather than failing.
            logSum += precisions[n] == 0.0 ? -9999999999.0 : Math.log(precisions[n]);
        }
        return new Score(bp * Math.exp(logSum / effective), counts.clone(), totals.clone(), precisions, bp,
                sysLen, refLen);
    }

    private String preprocess(String line) {
        String text = lowercase ? line.toLowerCase(Locale.ROOT) : line;
        text = References.rstrip(text);
        return tokenize == Tokenize.THIRTEEN_A ? Tokenizer13a.tokenize(text) : text;
    }

    /** Every n-gram of orders 1 to maxOrder, words joined by a separator no word contains. */
    private Map<String, Integer> ngrams(List<String> words) {
        Map<String, Integer> ngrams = new HashMap<>();
        for (int n = 1; n <= maxOrder; n++) {
            for (int i = 0; i + n <= words.size(); i++) {
                ngrams.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return ngrams;
    }

    private static int order(String ngram) {
        int order = 1;
        for (int i = 0; i < ngram.length(); i++) {
            if (ngram.charAt(i) == ' ') {
                order++;
            }
        }
        return order;
    }

    /** The reference length closest to the hypothesis's, the shorter on a tie. */
    private static int closest(int hypLen, int[] refLens) {
        int closestDiff = -1;
        int closestLen = -1;
        for (int refLen : refLens) {
            int diff = Math.abs(hypLen - refLen);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closestLen = refLen;
            } else if (diff == closestDiff && refLen < closestLen) {
                closestLen = refLen;
            }
        }
        return closestLen;
    }
}
