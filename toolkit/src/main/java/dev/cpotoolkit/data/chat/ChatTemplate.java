package dev.cpotoolkit.data.chat;

import dev.cpotoolkit.data.chat.jinja.JinjaError;
import dev.cpotoolkit.data.chat.jinja.JinjaTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Hugging Face chat template, rendered byte for byte as transformers'
 * {@code tokenizer.apply_chat_template(messages, tokenize=False, ...)} renders it (transformers 4.x
 * with Jinja2 3.1), by this project's own Jinja2 engine ({@link JinjaTemplate}).
 *
 * <p>The template sees what transformers gives it: {@code messages} (the message dicts),
 * {@code tools}, {@code documents}, {@code add_generation_prompt}, the special tokens of
 * transformers' {@code special_tokens_map} ({@code bos_token}, {@code eos_token},
 * {@code unk_token}, {@code sep_token}, {@code pad_token}, {@code cls_token}, {@code mask_token}
 * when set and not empty, and the list {@code additional_special_tokens} when not empty), extra
 * variables from {@link ChatRenderOptions#withVariable}, and the functions
 * {@code raise_exception(message)} and {@code strftime_now(format)} ({@link TemplateGlobals}).
 *
 * <p>The template is parsed once, when the instance is made, so syntax errors surface there with
 * their line. Instances are immutable and may be shared between threads.
 *
 * <p>A model's own template comes with its tokenizer, which reads the files transformers reads
 * ({@code tokenizer_config.json}, {@code chat_template.jinja}, {@code special_tokens_map.json}):
 *
 * <pre>{@code
 * ChatTemplate qwen = HfTokenizerConfig.readFromDirectory(Path.of("models/qwen2")).chatTemplate();
 * String prompt = qwen.render(List.of(ChatMessage.user("hi")), true);
 * }</pre>
 */
public final class ChatTemplate {

    private static final String PLAIN_TEMPLATE =
            "{% for message in messages %}"
                    + "{{ message['role'] | capitalize }}: {{ message['content'] }}{{ '\\n' }}"
                    + "{% endfor %}"
                    + "{% if add_generation_prompt %}Assistant:{% endif %}";

    /**
     * transformers' {@code SPECIAL_TOKENS_ATTRIBUTES} that hold one token each, in its order: the
     * single special tokens a template can see.
     */
    public static final List<String> SPECIAL_TOKEN_NAMES = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token");

    private final String source;
    private final Map<String, String> specialTokens;
    private final List<String> additionalSpecialTokens;
    private final JinjaTemplate template;

    private ChatTemplate(String source, Map<String, String> specialTokens, List<String> additionalSpecialTokens) {
        this.source = Objects.requireNonNull(source, "template");
        Map<String, String> tokens = new LinkedHashMap<>();
        specialTokens.forEach((name, value) -> tokens.put(
                Objects.requireNonNull(name, "special token name"),
                Objects.requireNonNull(value, () -> "special token " + name)));
        this.specialTokens = Collections.unmodifiableMap(tokens);
        this.additionalSpecialTokens = List.copyOf(additionalSpecialTokens);
        try {
            this.template = JinjaTemplate.parse(source);
        } catch (JinjaError e) {
            throw new ChatTemplateException("chat template cannot be parsed: " + e.getMessage(), false, e);
        }
    }

    private ChatTemplate(String source, Map<String, String> specialTokens) {
        this(source, specialTokens, List.of());
    }

    /**
     * A template without special tokens.
     *
     * @param template the Jinja2 source, as found in {@code tokenizer_config.json}
     * @return the template
     */
    public static ChatTemplate of(String template) {
        return new ChatTemplate(template, Map.of());
    }

    /**
     * A template with special tokens, e.g. {@code Map.of("bos_token", "<s>", "eos_token", "</s>")}.
     *
     * @param template      the Jinja2 source
     * @param specialTokens token name to token text; the template sees those named in transformers'
     *                      {@code special_tokens_map} (see the class description), all are kept in
     *                      {@link #specialTokens()}
     * @return the template
     */
    public static ChatTemplate of(String template, Map<String, String> specialTokens) {
        return new ChatTemplate(template, specialTokens);
    }

    /**
     * A template with special tokens and transformers' {@code additional_special_tokens} list.
     *
     * @param template                the Jinja2 source
     * @param specialTokens           token variable name to token text
     * @param additionalSpecialTokens the extra special tokens, seen as the list
     *                                {@code additional_special_tokens} (when not empty)
     * @return the template
     */
    public static ChatTemplate of(String template, Map<String, String> specialTokens,
                                  List<String> additionalSpecialTokens) {
        return new ChatTemplate(template, specialTokens, additionalSpecialTokens);
    }

    /**
     * The fallback for tokenizers without a chat template: each message becomes
     * {@code "<Role>: <content>\n"} with the role capitalized ({@code "User: hi\n"}), and the
     * generation prompt is {@code "Assistant:"} with no trailing space, so an answer rendered
     * after it keeps its own leading space. No special tokens are added.
     *
     * @return the plain template
     */
    public static ChatTemplate plain() {
        return new ChatTemplate(PLAIN_TEMPLATE, Map.of());
    }

    /**
     * Renders a conversation, like {@code apply_chat_template(messages, tokenize=False,
     * add_generation_prompt=...)}.
     *
     * @param messages            the conversation
     * @param addGenerationPrompt whether to append the text that opens an assistant turn
     * @return the rendered text
     * @throws ChatTemplateException when the template fails or raises
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, ChatRenderOptions.defaults().withAddGenerationPrompt(addGenerationPrompt));
    }

    /**
     * Renders a conversation whose last message is to be continued, like
     * {@code apply_chat_template(messages, continue_final_message=True)}: everything the template
     * puts after the final message's text (end-of-turn tokens, newlines) is cut off.
     *
     * @param messages the conversation; the last message is the one to continue
     * @return the text ending with the final message's content
     * @throws ChatTemplateException when the template fails, or the final message's text cannot
     *                               be found in the rendered text
     */
    public String renderContinuingFinalMessage(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no message to continue");
        }
        return render(messages, ChatRenderOptions.defaults().withContinueFinalMessage(true));
    }

    /**
     * Renders a conversation with all of transformers' options: generation prompt or continuation
     * of the final message, tools, documents, extra variables and the clock for
     * {@code strftime_now}.
     *
     * @param messages the conversation
     * @param options  how to render
     * @return the rendered text
     * @throws ChatTemplateException when the template fails or raises ({@link
     *                               ChatTemplateException#raisedByTemplate()}), or the options
     *                               are rejected as transformers rejects them
     */
    public String render(List<ChatMessage> messages, ChatRenderOptions options) {
        if (options.continueFinalMessage() && options.addGenerationPrompt()) {
            throw new ChatTemplateException("continue_final_message and add_generation_prompt are not compatible."
                    + " Use continue_final_message when you want the model to continue the final message, and"
                    + " add_generation_prompt when you want to add a header that will prompt it to start a new"
                    + " assistant message instead.");
        }
        checkToolsAndDocuments(options);
        String rendered;
        try {
            rendered = template.render(context(messages, options));
        } catch (JinjaError e) {
            if (e.kind() == JinjaError.Kind.RAISED) {
                throw new ChatTemplateException(e.detail(), true, e);
            }
            throw new ChatTemplateException("chat template failed: " + e.getMessage(), false, e);
        }
        return options.continueFinalMessage() ? FinalMessage.cutAfter(rendered, messages) : rendered;
    }

    private static void checkToolsAndDocuments(ChatRenderOptions options) {
        if (options.tools() != null) {
            for (Object tool : options.tools()) {
                if (!(tool instanceof Map)) {
                    throw new ChatTemplateException("Tools should either be a JSON schema, or a callable function with"
                            + " type hints and a docstring suitable for auto-conversion to a schema.");
                }
            }
        }
        if (options.documents() != null) {
            for (Object document : options.documents()) {
                if (!(document instanceof Map)) {
                    throw new ChatTemplateException("Documents should be a list of dicts with 'title' and 'text' keys!");
                }
            }
        }
    }

    /**
     * The template's variables, in transformers' order: the functions, the special tokens, the
     * extra variables (which may override tokens), then messages, tools, documents and the flag.
     */
    private Map<String, Object> context(List<ChatMessage> messages, ChatRenderOptions options) {
        Map<String, Object> context = new LinkedHashMap<>(TemplateGlobals.of(options.clock()));
        for (String name : SPECIAL_TOKEN_NAMES) {
            String token = specialTokens.get(name);
            if (token != null && !token.isEmpty()) {
                context.put(name, token);
            }
        }
        if (!additionalSpecialTokens.isEmpty()) {
            context.put("additional_special_tokens", additionalSpecialTokens);
        }
        context.putAll(options.variables());
        List<Object> values = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            values.add(message.fields());
        }
        context.put("messages", values);
        context.put("tools", options.tools());
        context.put("documents", options.documents());
        context.put("add_generation_prompt", options.addGenerationPrompt());
        return context;
    }

    /**
     * The template source as given.
     *
     * @return the Jinja2 source
     */
    public String source() {
        return source;
    }

    /**
     * The special tokens read or given. The template sees those of transformers'
     * {@code special_tokens_map} (see the class description); other names are kept here only.
     *
     * @return name to token text, unmodifiable
     */
    public Map<String, String> specialTokens() {
        return specialTokens;
    }

    /**
     * Whether this is the {@link #plain()} fallback format.
     *
     * @return true for the plain template
     */
    public boolean isPlain() {
        return source.equals(PLAIN_TEMPLATE);
    }

    @Override
    public String toString() {
        String oneLine = source.replace("\n", "\\n");
        return "ChatTemplate[" + (isPlain() ? "plain" : oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine)
                + ", tokens=" + specialTokens.keySet() + "]";
    }
}
