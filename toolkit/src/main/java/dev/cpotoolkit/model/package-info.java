/**
 * Causal language models as trainable DJL blocks: {@link dev.cpotoolkit.model.CausalLM}
 * (load, forward, save), the Hugging Face configs it is built from
 * ({@link dev.cpotoolkit.model.ModelConfig}: gpt2, llama, qwen2), the
 * {@link dev.cpotoolkit.model.ModelPresets#tiny tiny} preset, and
 * {@link dev.cpotoolkit.model.SequenceLogProbs} for TRL-style sequence log-probs.
 * The architectures live in {@code model.gpt2} and {@code model.llama}, their
 * shared layers in {@code model.layers}.
 */
package dev.cpotoolkit.model;
