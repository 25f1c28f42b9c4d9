package dev.cpotoolkit.train.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain double-precision transcription of PyTorch's single-tensor AdamW
 * (per-parameter step counts, decoupled decay, epsilon after the bias
 * correction of sqrt(v)), for checking the NDArray implementation.
 *
 * <p>With {@code epsilonBeforeCorrection} it instead follows DJL's native
 * update, which adds epsilon to the uncorrected sqrt(v).
 */
final class ReferenceAdamW {

    private final AdamWSettings settings;
    private final boolean epsilonBeforeCorrection;
    final Map<String, double[]> weights = new LinkedHashMap<>();
    private final Map<String, double[]> m = new HashMap<>();
    private final Map<String, double[]> v = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    ReferenceAdamW(AdamWSettings settings, boolean epsilonBeforeCorrection) {
        this.settings = settings;
        this.epsilonBeforeCorrection = epsilonBeforeCorrection;
    }

    void add(String name, float[] values) {
        double[] w = new double[values.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = values[i];
        }
        weights.put(name, w);
    }

    /** One update; parameters missing from {@code gradients} are skipped, as PyTorch skips grad None. */
    void step(double lr, Map<String, float[]> gradients) {
        for (Map.Entry<String, float[]> entry : gradients.entrySet()) {
            String name = entry.getKey();
            float[] g = entry.getValue();
            double[] w = weights.get(name);
            double[] mean = m.computeIfAbsent(name, k -> new double[w.length]);
            double[] var = v.computeIfAbsent(name, k -> new double[w.length]);
            int t = steps.merge(name, 1, Integer::sum);
            double b1 = settings.beta1();
            double b2 = settings.beta2();
            double bias1 = 1 - Math.pow(b1, t);
            double bias2 = 1 - Math.pow(b2, t);
            boolean decay = settings.decayRule().decays(name);
            for (int i = 0; i < w.length; i++) {
                if (decay) {
                    w[i] *= 1 - lr * settings.weightDecay();
                }
                mean[i] = b1 * mean[i] + (1 - b1) * g[i];
                var[i] = b2 * var[i] + (1 - b2) * g[i] * g[i];
                if (epsilonBeforeCorrection) {
                    w[i] -= lr * Math.sqrt(bias2) / bias1 * mean[i] / (Math.sqrt(var[i]) + settings.epsilon());
                } else {
                    w[i] -= lr / bias1 * mean[i] / (Math.sqrt(var[i]) / Math.sqrt(bias2) + settings.epsilon());
                }
            }
        }
    }
}
