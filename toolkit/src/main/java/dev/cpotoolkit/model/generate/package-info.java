/** Text continuation for {@link dev.cpotoolkit.model.CausalLM}: greedy and sampled decoding over a batch of prompts. */
package dev.cpotoolkit.model.generate;
