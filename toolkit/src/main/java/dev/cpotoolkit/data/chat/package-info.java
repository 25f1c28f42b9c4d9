/**
 * Chat templates: turning a list of {@link dev.cpotoolkit.data.chat.ChatMessage role/content messages}
 * into the exact text a Hugging Face tokenizer's {@code chat_template} would produce.
 *
 * <p>Hugging Face templates are Jinja2 programs; {@link dev.cpotoolkit.data.chat.ChatTemplate}
 * renders them with Jinjava configured like transformers ({@code trim_blocks} and
 * {@code lstrip_blocks} on), provides {@code raise_exception}, and maps the common Python
 * string methods templates call ({@code .strip()}, {@code .startswith(...)}, ...) onto
 * filters. {@link dev.cpotoolkit.data.chat.ChatTemplate#plain()} is the documented fallback
 * for tokenizers without a template.
 */
package dev.cpotoolkit.data.chat;
