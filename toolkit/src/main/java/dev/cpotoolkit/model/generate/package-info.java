/**
 * Text continuation for {@link dev.cpotoolkit.model.CausalLM}: greedy and
 * seeded temperature/top-k/top-p decoding over a batch of prompts, with a KV
 * cache by default ({@link dev.cpotoolkit.model.generate.Generator}), from
 * token ids or from text through a
 * {@link dev.cpotoolkit.tokenize.PreferenceTokenizer}.
 */
package dev.cpotoolkit.model.generate;
