/**
 * Translation metrics computed as sacreBLEU computes them: corpus {@link Bleu}
 * (its {@code 13a} tokenization, exponential smoothing, 4-grams, brevity
 * penalty from the closest reference length) and {@link Chrf} (character
 * 6-grams, beta 2, whitespace removed). The numbers match sacreBLEU 2.x's for
 * the same text and options, so they can be compared with published scores.
 *
 * <pre>{@code
 * double bleu = Bleu.sacrebleu().corpusScore(hypotheses, references).score();
 * double chrf = Chrf.sacrebleu().corpusScore(hypotheses, references).score();
 * }</pre>
 *
 * <p>A leaf package: it knows nothing of models or training.
 */
package dev.cpotoolkit.metrics;
