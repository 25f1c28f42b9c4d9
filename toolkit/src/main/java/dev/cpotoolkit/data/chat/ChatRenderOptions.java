package dev.cpotoolkit.data.chat;

import dev.cpotoolkit.data.chat.jinja.TemplateValues;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to render a conversation: the arguments of transformers' {@code apply_chat_template} other
 * than the messages. Immutable; each {@code with...} returns a changed copy.
 *
 * <pre>{@code
 * ChatRenderOptions options = ChatRenderOptions.defaults()
 *         .withAddGenerationPrompt(true)
 *         .withTools(List.of(weatherToolSchema))
 *         .withVariable("enable_thinking", false);   // TRL's chat_template_kwargs
 * }</pre>
 */
public final class ChatRenderOptions {

    /** Names the template receives from the options themselves; a variable may not reuse them. */
    private static final Set<String> RESERVED = Set.of("messages", "tools", "documents", "add_generation_prompt");

    private static final ChatRenderOptions DEFAULTS = new ChatRenderOptions(false, false, null, null, Map.of(),
            Clock.systemDefaultZone());

    private final boolean addGenerationPrompt;
    private final boolean continueFinalMessage;
    private final List<Object> tools;
    private final List<Object> documents;
    private final Map<String, Object> variables;
    private final Clock clock;

    private ChatRenderOptions(boolean addGenerationPrompt, boolean continueFinalMessage, List<Object> tools,
                              List<Object> documents, Map<String, Object> variables, Clock clock) {
        this.addGenerationPrompt = addGenerationPrompt;
        this.continueFinalMessage = continueFinalMessage;
        this.tools = tools;
        this.documents = documents;
        this.variables = variables;
        this.clock = clock;
    }

    /**
     * No generation prompt, no continuation, no tools or documents, no extra variables, the
     * system clock.
     *
     * @return the default options
     */
    public static ChatRenderOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Whether to append the text that opens an assistant turn ({@code add_generation_prompt}).
     *
     * @param add the flag
     * @return changed options
     */
    public ChatRenderOptions withAddGenerationPrompt(boolean add) {
        return new ChatRenderOptions(add, continueFinalMessage, tools, documents, variables, clock);
    }

    /**
     * Whether to leave the last message open for the model to continue
     * ({@code continue_final_message}); incompatible with a generation prompt.
     *
     * @param continueFinal the flag
     * @return changed options
     */
    public ChatRenderOptions withContinueFinalMessage(boolean continueFinal) {
        return new ChatRenderOptions(addGenerationPrompt, continueFinal, tools, documents, variables, clock);
    }

    /**
     * The tool definitions (JSON schemas as JSON-like maps) the template sees as {@code tools}.
     *
     * @param toolSchemas the tools, or null for none (Python's {@code None})
     * @return changed options
     */
    public ChatRenderOptions withTools(List<?> toolSchemas) {
        return new ChatRenderOptions(addGenerationPrompt, continueFinalMessage, listOrNull(toolSchemas), documents,
                variables, clock);
    }

    /**
     * The documents (maps, usually with {@code title} and {@code text}) the template sees as
     * {@code documents}, for retrieval-augmented generation.
     *
     * @param docs the documents, or null for none
     * @return changed options
     */
    public ChatRenderOptions withDocuments(List<?> docs) {
        return new ChatRenderOptions(addGenerationPrompt, continueFinalMessage, tools, listOrNull(docs), variables, clock);
    }

    /**
     * One extra template variable: transformers' {@code **kwargs} to {@code apply_chat_template}
     * (TRL's {@code chat_template_kwargs}), e.g. {@code enable_thinking} or {@code date_string}. It
     * overrides a special token of the same name.
     *
     * @param name  the variable name; not one of messages, tools, documents, add_generation_prompt
     * @param value a JSON-like value
     * @return changed options
     */
    public ChatRenderOptions withVariable(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(variables);
        more.put(checkName(name), TemplateValues.immutableCopyOf(value));
        return new ChatRenderOptions(addGenerationPrompt, continueFinalMessage, tools, documents,
                Collections.unmodifiableMap(more), clock);
    }

    /**
     * Several extra template variables at once (see {@link #withVariable(String, Object)}).
     *
     * @param values name to JSON-like value
     * @return changed options
     */
    public ChatRenderOptions withVariables(Map<String, ?> values) {
        ChatRenderOptions options = this;
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            options = options.withVariable(entry.getKey(), entry.getValue());
        }
        return options;
    }

    /**
     * The clock {@code strftime_now} reads (in its zone); fix it for reproducible output.
     *
     * @param time the clock
     * @return changed options
     */
    public ChatRenderOptions withClock(Clock time) {
        return new ChatRenderOptions(addGenerationPrompt, continueFinalMessage, tools, documents, variables,
                Objects.requireNonNull(time, "clock"));
    }

    /** @return whether a generation prompt is added */
    public boolean addGenerationPrompt() {
        return addGenerationPrompt;
    }

    /** @return whether the final message is left open */
    public boolean continueFinalMessage() {
        return continueFinalMessage;
    }

    /** @return the tools, unmodifiable, or null when none were given */
    public List<Object> tools() {
        return tools;
    }

    /** @return the documents, unmodifiable, or null when none were given */
    public List<Object> documents() {
        return documents;
    }

    /** @return the extra variables, unmodifiable, in the order given */
    public Map<String, Object> variables() {
        return variables;
    }

    /** @return the clock for {@code strftime_now} */
    public Clock clock() {
        return clock;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listOrNull(List<?> items) {
        return items == null ? null : (List<Object>) TemplateValues.immutableCopyOf(items);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "variable name");
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is set by the render options themselves, not as a variable");
        }
        return name;
    }

    @Override
    public String toString() {
        return "ChatRenderOptions[addGenerationPrompt=" + addGenerationPrompt + ", continueFinalMessage="
                + continueFinalMessage + ", tools=" + (tools == null ? "none" : tools.size()) + ", documents="
                + (documents == null ? "none" : documents.size()) + ", variables=" + variables.keySet() + "]";
    }
}
