package dev.cpotoolkit.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates per-step metrics between two log rows and returns their means,
 * as TRL averages its stored metrics at each logging step. {@code learning_rate}
 * and {@code grad_norm} are the last step's values, as Hugging Face logs them.
 */
final class MetricsWindow {

    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private final Map<String, Double> last = new LinkedHashMap<>();

    void add(Map<String, Double> metrics) {
        metrics.forEach((key, value) -> {
            double[] sumAndCount = sums.computeIfAbsent(key, k -> new double[2]);
            sumAndCount[0] += value;
            sumAndCount[1]++;
            last.put(key, value);
        });
    }

    boolean isEmpty() {
        return sums.isEmpty();
    }

    Map<String, Double> meansAndReset() {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((key, sc) -> means.put(key, sc[0] / sc[1]));
        means.put("learning_rate", last.get("learning_rate"));
        means.put("grad_norm", last.get("grad_norm"));
        reset();
        return means;
    }

    void reset() {
        sums.clear();
        last.clear();
    }
}
