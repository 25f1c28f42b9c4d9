package dev.cpotoolkit.data.chat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Hugging Face chat template (Jinja2) rendered with Jinjava, the Java counterpart of
 * {@code tokenizer.apply_chat_template(messages, tokenize=False, ...)}.
 *
 * <p>The template sees what transformers gives it: {@code messages} (a list of maps with
 * {@code role} and {@code content}), {@code add_generation_prompt}, every special token string
 * ({@code bos_token}, {@code eos_token}, {@code pad_token}, {@code unk_token}, ...) and the
 * function {@code raise_exception(message)}, which aborts rendering with a
 * {@link ChatTemplateException} carrying that message. Rendering uses {@code trim_blocks} and
 * {@code lstrip_blocks}, as transformers does.
 *
 * <p>Python string methods templates call are supported for {@code strip, lstrip, rstrip,
 * startswith, endswith, upper, lower, title, capitalize, split, replace}; Jinja filters such as
 * {@code trim}, {@code length}, slicing ({@code messages[1:]}), {@code loop.*} and
 * {@code namespace()} are Jinjava's own. Not supported: tool definitions, {@code dict.items()}
 * and other Python methods not listed. Unlike Jinja2, Jinjava passes a value through an unknown
 * filter unchanged instead of failing; unknown tags and functions do fail.
 *
 * <p>Instances are immutable and may be shared between threads.
 *
 * <pre>{@code
 * ChatTemplate chatml = ChatTemplate.fromTokenizerConfig(Path.of("models/qwen2/tokenizer_config.json"));
 * String prompt = chatml.render(List.of(ChatMessage.user("hi")), true);
 * }</pre>
 */
public final class ChatTemplate {

    private static final String PLAIN_TEMPLATE =
            "{% for message in messages %}"
                    + "{{ message['role'] | py_capitalize() }}: {{ message['content'] }}{{ '\\n' }}"
                    + "{% endfor %}"
                    + "{% if add_generation_prompt %}Assistant:{% endif %}";

    private final String source;
    private final Map<String, String> specialTokens;
    private final String compiledSource;
    private final Jinjava jinjava;

    private ChatTemplate(String source, Map<String, String> specialTokens) {
        this.source = Objects.requireNonNull(source, "template");
        Map<String, String> tokens = new LinkedHashMap<>();
        specialTokens.forEach((name, value) -> tokens.put(
                Objects.requireNonNull(name, "special token name"),
                Objects.requireNonNull(value, () -> "special token " + name)));
        this.specialTokens = Collections.unmodifiableMap(tokens);
        this.compiledSource = PythonStringMethods.rewrite(source);
        this.jinjava = newEngine();
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
     * @param specialTokens token variable name to token text; names are used as given
     * @return the template
     */
    public static ChatTemplate of(String template, Map<String, String> specialTokens) {
        return new ChatTemplate(template, specialTokens);
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
     * Reads the template and special tokens of a Hugging Face tokenizer.
     *
     * <p>{@code path} is a {@code tokenizer_config.json} or a model folder holding one. The
     * template is the {@code chat_template} field: a string, or a list of
     * {@code {"name", "template"}} entries of which the one named {@code "default"} is taken; in
     * a folder, a {@code chat_template.jinja} file takes precedence, as in recent transformers.
     * Every top-level field whose name ends in {@code _token} becomes a template variable; its
     * value may be a string or an object with a {@code content} string.
     *
     * @param path the config file or model folder
     * @return the template
     * @throws ChatTemplateException when the file is unreadable, not JSON, or has no chat template
     *                               (use {@link #fromTokenizerConfigOrPlain(Path)} to fall back)
     */
    public static ChatTemplate fromTokenizerConfig(Path path) {
        return readTokenizerConfig(path, false);
    }

    /**
     * Like {@link #fromTokenizerConfig(Path)}, but falls back to {@link #plain()} (keeping the
     * tokenizer's special tokens) when the tokenizer has no chat template.
     *
     * @param path the config file or model folder
     * @return the tokenizer's template, or the plain one
     */
    public static ChatTemplate fromTokenizerConfigOrPlain(Path path) {
        return readTokenizerConfig(path, true);
    }

    private static ChatTemplate readTokenizerConfig(Path path, boolean plainIfMissing) {
        Path folder = Files.isDirectory(path) ? path : null;
        Path configFile = folder != null ? folder.resolve("tokenizer_config.json") : path;
        JsonObject config;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(configFile, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new ChatTemplateException(configFile + ": expected a JSON object");
            }
            config = parsed.getAsJsonObject();
        } catch (IOException e) {
            throw new ChatTemplateException("cannot read tokenizer config " + configFile + ": " + e, false, e);
        } catch (JsonParseException e) {
            throw new ChatTemplateException("tokenizer config " + configFile + " is not valid JSON: "
                    + e.getMessage(), false, e);
        }
        Map<String, String> tokens = specialTokensOf(config, configFile);
        String template = null;
        Path jinjaFile = folder != null ? folder.resolve("chat_template.jinja") : null;
        if (jinjaFile != null && Files.isRegularFile(jinjaFile)) {
            try {
                template = Files.readString(jinjaFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ChatTemplateException("cannot read " + jinjaFile + ": " + e, false, e);
            }
        } else if (config.has("chat_template") && !config.get("chat_template").isJsonNull()) {
            template = templateField(config.get("chat_template"), configFile);
        }
        if (template == null) {
            if (plainIfMissing) {
                return new ChatTemplate(PLAIN_TEMPLATE, tokens);
            }
            throw new ChatTemplateException(configFile + " has no chat_template; use ChatTemplate.plain()"
                    + " or ChatTemplate.fromTokenizerConfigOrPlain(path) to fall back to the plain format");
        }
        return new ChatTemplate(template, tokens);
    }

    private static String templateField(JsonElement field, Path configFile) {
        if (field.isJsonPrimitive() && field.getAsJsonPrimitive().isString()) {
            return field.getAsString();
        }
        if (field.isJsonArray()) {
            List<String> names = new ArrayList<>();
            for (JsonElement entry : field.getAsJsonArray()) {
                if (entry.isJsonObject() && entry.getAsJsonObject().has("name")) {
                    String name = entry.getAsJsonObject().get("name").getAsString();
                    names.add(name);
                    if (name.equals("default") && entry.getAsJsonObject().has("template")) {
                        return entry.getAsJsonObject().get("template").getAsString();
                    }
                }
            }
            throw new ChatTemplateException(configFile + ": chat_template lists " + names
                    + " but no entry named \"default\"");
        }
        throw new ChatTemplateException(configFile + ": chat_template must be a string or a list of"
                + " {name, template} entries, found " + field);
    }

    private static Map<String, String> specialTokensOf(JsonObject config, Path configFile) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : config.entrySet()) {
            if (!field.getKey().endsWith("_token")) {
                continue;
            }
            JsonElement value = field.getValue();
            if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
                tokens.put(field.getKey(), value.getAsString());
            } else if (value.isJsonObject() && value.getAsJsonObject().has("content")
                    && value.getAsJsonObject().get("content").isJsonPrimitive()) {
                tokens.put(field.getKey(), value.getAsJsonObject().get("content").getAsString());
            }
            // null tokens (e.g. "pad_token": null) are simply absent, as in transformers
        }
        return tokens;
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
        Map<String, Object> context = new HashMap<>(specialTokens);
        List<Map<String, Object>> values = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            values.add(message.toTemplateValue());
        }
        context.put("messages", values);
        context.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = jinjava.renderForResult(compiledSource, context);
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .collect(Collectors.toList());
        if (!fatal.isEmpty()) {
            for (TemplateError error : fatal) {
                TemplateRaise raise = findRaise(error.getException());
                if (raise != null) {
                    throw new ChatTemplateException("chat template raised: " + raise.getMessage(), true, raise);
                }
            }
            throw new ChatTemplateException("chat template failed: " + fatal.stream()
                    .map(e -> "line " + e.getLineno() + ": " + e.getMessage())
                    .collect(Collectors.joining("; ")), false, fatal.get(0).getException());
        }
        return result.getOutput();
    }

    /**
     * Renders a conversation whose last message is to be continued, like
     * {@code apply_chat_template(messages, continue_final_message=True)}: the conversation is
     * rendered without a generation prompt and cut right after the final message's (stripped)
     * content, so whatever the template puts after it (end-of-turn tokens, newlines) is removed.
     *
     * @param messages the conversation; the last message is the one to continue
     * @return the text ending with the final message's content
     * @throws ChatTemplateException when the template fails, or the final message's content cannot
     *                               be found in the rendered text
     */
    public String renderContinuingFinalMessage(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no message to continue");
        }
        String rendered = render(messages, false);
        String finalContent = PythonStringMethods.stripChars(
                messages.get(messages.size() - 1).content(), null, true, true);
        int at = rendered.lastIndexOf(finalContent);
        if (finalContent.isEmpty() || at < 0) {
            throw new ChatTemplateException("cannot continue the final message: its content "
                    + (finalContent.isEmpty() ? "is empty" : "does not appear in the rendered text"));
        }
        return rendered.substring(0, at + finalContent.length());
    }

    /**
     * The template source as given (before Python method calls were rewritten).
     *
     * @return the Jinja2 source
     */
    public String source() {
        return source;
    }

    /**
     * The special token variables the template sees.
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

    private static Jinjava newEngine() {
        // transformers renders with trim_blocks and lstrip_blocks; without them whitespace differs
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .build();
        Jinjava engine = new Jinjava(config);
        engine.getGlobalContext().registerFunction(new ELFunctionDefinition(
                "", "raise_exception", ChatTemplate.class, "raiseException", Object.class));
        for (Filter filter : PythonStringMethods.filters()) {
            engine.getGlobalContext().registerFilter(filter);
        }
        return engine;
    }

    /**
     * The {@code raise_exception} function templates call; public only because Jinjava invokes it
     * reflectively.
     *
     * @param message the template's message
     * @return never returns
     */
    public static Object raiseException(Object message) {
        throw new TemplateRaise(String.valueOf(message));
    }

    private static TemplateRaise findRaise(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TemplateRaise raise) {
                return raise;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Carries a template's {@code raise_exception} message out through Jinjava's error handling. */
    private static final class TemplateRaise extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TemplateRaise(String message) {
            super(message, null, false, false);
        }
    }
}
