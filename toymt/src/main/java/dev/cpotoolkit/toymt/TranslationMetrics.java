package dev.cpotoolkit.toymt;

import dev.cpotoolkit.metrics.Bleu;
import dev.cpotoolkit.metrics.Chrf;

import java.util.List;

/**
 * Translation quality against correct references: exact match (the whole
 * output equals the reference, word for word) and token accuracy (words equal
 * at the same position, divided by the longer of the two lengths, so missing
 * and extra words count as wrong), both averaged over sentences and given in
 * percent; and the paper's corpus metrics, BLEU and chrF, computed as
 * sacreBLEU computes them with its defaults ({@link Bleu}, {@link Chrf}), so
 * that partial credit shows where exact match still reads 0. Words are
 * whitespace-separated; with one token per word in this task, word accuracy
 * is token accuracy.
 *
 * @param exactMatch    percent of sentences translated exactly
 * @param tokenAccuracy mean per-sentence token accuracy, percent
 * @param bleu          corpus BLEU (sacreBLEU's defaults: 13a, exp smoothing), 0 to 100
 * @param chrf          corpus chrF2 (sacreBLEU's defaults), 0 to 100
 * @param sentences     number of sentences scored
 */
public record TranslationMetrics(double exactMatch, double tokenAccuracy, double bleu, double chrf, int sentences) {

    /**
     * Scores outputs against references, pairwise.
     *
     * @throws IllegalArgumentException if the lists differ in length or are empty
     */
    public static TranslationMetrics score(List<String> outputs, List<String> references) {
        if (outputs.size() != references.size() || outputs.isEmpty()) {
            throw new IllegalArgumentException("need as many outputs as references, at least one; got "
                    + outputs.size() + " and " + references.size());
        }
        double exact = 0;
        double tokens = 0;
        for (int i = 0; i < outputs.size(); i++) {
            String[] out = words(outputs.get(i));
            String[] ref = words(references.get(i));
            exact += java.util.Arrays.equals(out, ref) ? 1 : 0;
            tokens += tokenAccuracy(out, ref);
        }
        int n = outputs.size();
        List<String> hypotheses = outputs.stream().map(String::strip).toList();
        List<List<String>> referenceStream = List.of(references.stream().map(String::strip).toList());
        return new TranslationMetrics(100 * exact / n, 100 * tokens / n,
                Bleu.sacrebleu().corpusScore(hypotheses, referenceStream).score(),
                Chrf.sacrebleu().corpusScore(hypotheses, referenceStream).score(), n);
    }

    private static double tokenAccuracy(String[] out, String[] ref) {
        int longer = Math.max(out.length, ref.length);
        if (longer == 0) {
            return 1;
        }
        int same = 0;
        for (int i = 0; i < Math.min(out.length, ref.length); i++) {
            same += out[i].equals(ref[i]) ? 1 : 0;
        }
        return (double) same / longer;
    }

    private static String[] words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }
}
