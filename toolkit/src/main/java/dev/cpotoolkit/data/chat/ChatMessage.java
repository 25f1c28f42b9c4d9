package dev.cpotoolkit.data.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One turn of a conversation, as Hugging Face chat templates see it: a {@code role}
 * ({@code "system"}, {@code "user"}, {@code "assistant"}, ...) and its text {@code content}.
 *
 * @param role    who speaks; never null
 * @param content what is said; never null (may be empty)
 */
public record ChatMessage(String role, String content) {

    /**
     * Rejects nulls, so templates never see a half-built message.
     *
     * @param role    who speaks
     * @param content what is said
     */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /**
     * A system message.
     *
     * @param content the system instruction
     * @return the message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /**
     * A user message.
     *
     * @param content what the user says
     * @return the message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /**
     * An assistant message.
     *
     * @param content what the assistant says
     * @return the message
     */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    /**
     * The message as the template sees it: a map with {@code role} and {@code content}, so both
     * {@code message['content']} and {@code message.content} work in Jinja.
     *
     * @return a new mutable map with the two keys
     */
    public Map<String, Object> toTemplateValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("role", role);
        value.put("content", content);
        return value;
    }
}
