package dev.cpotoolkit.data.chat;

import com.google.gson.JsonObject;
import dev.cpotoolkit.data.chat.jinja.TemplateValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One turn of a conversation, as Hugging Face chat templates see it: a message dict with a
 * {@code role} ({@code "system"}, {@code "user"}, {@code "assistant"}, {@code "tool"}, ...) and any
 * other fields the template may read: {@code content} (a string, null, or a list of content
 * parts such as {@code {"type": "text", "text": "..."}}), {@code tool_calls},
 * {@code tool_call_id}, {@code name}, {@code reasoning_content}, ...
 *
 * <p>Field values are JSON-like (String, Long/BigInteger, Double, Boolean, null, List, Map) and
 * kept in insertion order. Messages are immutable; equality compares all fields the way Python's
 * {@code ==} compares the dicts (TRL splits prompts off conversations that way).
 */
public final class ChatMessage {

    private final Map<String, Object> fields;

    private ChatMessage(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * A message with just a role and text content.
     *
     * @param role    who speaks; never null
     * @param content what is said; may be null (e.g. an assistant turn that only calls tools)
     */
    public ChatMessage(String role, String content) {
        this(twoFields(Objects.requireNonNull(role, "role"), content));
    }

    private static Map<String, Object> twoFields(String role, String content) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", role);
        fields.put("content", content);
        return Collections.unmodifiableMap(fields);
    }

    /**
     * A message with arbitrary fields.
     *
     * @param fields the message dict; must hold a string {@code role}; values must be JSON-like
     * @return the message (a deep, immutable copy)
     * @throws IllegalArgumentException when the role is missing or a value is not JSON-like
     */
    @SuppressWarnings("unchecked")
    public static ChatMessage of(Map<String, ?> fields) {
        Map<String, Object> copy = (Map<String, Object>) TemplateValues.immutableCopyOf(fields);
        if (!(copy.get("role") instanceof String)) {
            throw new IllegalArgumentException("a chat message needs a string 'role', found fields " + copy.keySet());
        }
        return new ChatMessage(copy);
    }

    /**
     * A message from a JSON object, keeping Python's int/float distinction ({@code 1} vs {@code 1.0}).
     *
     * @param json the message object
     * @return the message
     * @throws IllegalArgumentException when the role is missing or not a string
     */
    @SuppressWarnings("unchecked")
    public static ChatMessage fromJson(JsonObject json) {
        return of((Map<String, Object>) JsonValues.fromJson(json));
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
     * Who speaks.
     *
     * @return the role
     */
    public String role() {
        return (String) fields.get("role");
    }

    /**
     * The message text: the {@code content} field when it is a string; when it is a list of
     * content parts, the {@code text} of the first part that has one; otherwise (absent, null,
     * anything else) null.
     *
     * @return the text, or null
     */
    public String content() {
        Object content = fields.get("content");
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof List<?> parts) {
            for (Object part : parts) {
                if (part instanceof Map<?, ?> map && map.get("text") instanceof String text) {
                    return text;
                }
            }
        }
        return null;
    }

    /**
     * One field of the message dict.
     *
     * @param name the field name, e.g. {@code "tool_calls"}
     * @return its JSON-like value, or null when absent (see {@link #fields()} to tell null from absent)
     */
    public Object get(String name) {
        return fields.get(name);
    }

    /**
     * All fields, in order.
     *
     * @return the message dict, unmodifiable
     */
    public Map<String, Object> fields() {
        return fields;
    }

    /**
     * This message with one field set (added at the end, or replaced in place).
     *
     * @param name  the field name
     * @param value a JSON-like value
     * @return the new message
     */
    public ChatMessage with(String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(fields);
        changed.put(Objects.requireNonNull(name, "name"), value);
        return of(changed);
    }

    /**
     * The message as the template sees it: a fresh mutable deep copy of the dict, so
     * {@code message['content']} and {@code message.content} both work in Jinja.
     *
     * @return a new mutable map
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toTemplateValue() {
        return (Map<String, Object>) TemplateValues.copyOf(fields);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChatMessage message && TemplateValues.pythonEquals(fields, message.fields);
    }

    @Override
    public int hashCode() {
        return TemplateValues.pythonHash(fields);
    }

    /** The message as a Python dict repr, e.g. {@code ChatMessage{'role': 'user', 'content': 'hi'}}. */
    @Override
    public String toString() {
        return "ChatMessage" + TemplateValues.repr(fields);
    }
}
