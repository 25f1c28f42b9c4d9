/** Llama and Qwen2 ({@code model_type: llama, qwen2}): RMSNorm, rotary positions, grouped-query attention, SiLU-gated MLP. */
package dev.cpotoolkit.model.llama;
