package dev.cpotoolkit.toymt;

import java.util.List;

/**
 * Translation quality against correct references: exact match (the whole
 * output equals the reference, word for word) and token accuracy (words equal
 * at the same position, divided by the longer of the two lengths, so missing
 * and extra words count as wrong), both averaged over sentences and given in
 * percent. Words are whitespace-separated; with one token per word in this
 * task, word accuracy is token accuracy.
 *
 * @param exactMatch    percent of sentences translated exactly
 * @param tokenAccuracy mean per-sentence token accuracy, percent
 * @param sentences     number of sentences scored
 */
public record TranslationMetrics(double exactMatch, double tokenAccuracy, int sentences) {

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
        return new TranslationMetrics(100 * exact / n, 100 * tokens / n, n);
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
