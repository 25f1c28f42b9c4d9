/**
 * Tokenization for CPO: from text preference examples to padded 2B x T batches, with the rules
 * of TRL's classic {@code CPOTrainer} ({@code tokenize_row} and {@code concatenated_inputs}).
 *
 * <ul>
 *   <li>{@link dev.cpotoolkit.tokenize.HfTokenizerConfig} reads {@code tokenizer_config.json}
 *       (special token strings, {@code model_max_length}, raw chat template, added tokens);</li>
 *   <li>{@link dev.cpotoolkit.tokenize.PreferenceTokenizer} wraps DJL's Hugging Face tokenizer
 *       with truncation, padding and automatic special tokens turned off;</li>
 *   <li>{@link dev.cpotoolkit.tokenize.RowTokenizer} applies TRL's per-example rules (BOS, EOS,
 *       -100 prompt labels) and rejects or skips examples that would train on nothing;</li>
 *   <li>{@link dev.cpotoolkit.tokenize.TruncationPolicy} is TRL's prompt-then-answer truncation,
 *       configured by {@link dev.cpotoolkit.tokenize.TokenizationSettings};</li>
 *   <li>{@link dev.cpotoolkit.tokenize.PreferenceCollator} pads pairs into a
 *       {@link dev.cpotoolkit.tokenize.PreferenceBatch} (chosen rows, then rejected rows).</li>
 * </ul>
 *
 * <h2>Prompt/answer boundary</h2>
 * Each row's ids are the tokenizer's encoding of the full text {@code prompt + answer}. The
 * prompt part is the longest prefix of {@code encode(prompt)} that both rows start with. When a
 * byte-level BPE merges the prompt's last token with the answer's first (prompt
 * {@code "hello wor"}, answer {@code "ld"}), that prompt token moves into both answers and
 * {@link dev.cpotoolkit.tokenize.TokenizedPair#mergedPromptTokens()} says how many moved. TRL
 * does the same per row; here both rows share one prompt so they are compared on equal context.
 *
 * <h2>Differences from TRL</h2>
 * Settings are validated ({@code maxPromptLength < maxLength}, positive lengths), so TRL's
 * truncation always fits in {@code maxLength}; an example whose answer keeps no label token is an
 * error naming its index, or is skipped and reported with {@code skipTooLong}.
 * {@code maxCompletionLength}, which classic TRL ignores for decoder-only models, cuts each answer
 * before the length rules.
 */
package dev.cpotoolkit.tokenize;
