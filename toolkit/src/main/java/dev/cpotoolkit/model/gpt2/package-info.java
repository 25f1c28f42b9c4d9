/** GPT-2 ({@code model_type: gpt2}): learned positions, pre-LayerNorm blocks, tanh GELU, Conv1D layout, tied head. */
package dev.cpotoolkit.model.gpt2;
