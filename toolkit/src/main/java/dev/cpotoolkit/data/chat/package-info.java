/**
 * Chat templates: turning a list of {@link dev.cpotoolkit.data.chat.ChatMessage messages} into the
 * exact text a Hugging Face tokenizer's {@code chat_template} produces through transformers'
 * {@code apply_chat_template(..., tokenize=False)}.
 *
 * <p>Hugging Face templates are Jinja2 programs; {@link dev.cpotoolkit.data.chat.ChatTemplate}
 * renders them with the project's own Jinja2 engine ({@link dev.cpotoolkit.data.chat.jinja}),
 * which reproduces transformers' sandboxed environment ({@code trim_blocks} and
 * {@code lstrip_blocks} on, Python value semantics, transformers' {@code tojson}) and is checked
 * byte for byte against Python by the corpus in {@code src/test/resources/data/chat-corpus}.
 * {@link dev.cpotoolkit.data.chat.ChatRenderOptions} carries the other arguments of
 * {@code apply_chat_template} (tools, documents, extra variables, continuing the final message);
 * {@link dev.cpotoolkit.data.chat.ChatTemplate#plain()} is the documented fallback for tokenizers
 * without a template.
 */
package dev.cpotoolkit.data.chat;
