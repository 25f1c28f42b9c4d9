package dev.cpotoolkit.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.cpotoolkit.data.chat.ChatMessage;
import dev.cpotoolkit.data.chat.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates one raw row and turns it into a {@link PreferenceExample}; every rule violation is a
 * row-level {@link DatasetFormatException} naming the field.
 *
 * <p>Rules, TRL's where TRL has one:
 * <ul>
 *   <li>{@code chosen} and {@code rejected} are required; {@code messages}, {@code completion},
 *       {@code label} or {@code text} (the columns of TRL's other dataset types) beside them is an
 *       error (TRL: "Invalid keys in the example"), never a column of answers silently left out.
 *       Unrelated columns ({@code id}, {@code source}, {@code score_chosen}) are kept out of the
 *       example without complaint, as TRL keeps them untouched.</li>
 *   <li>Text rows: {@code prompt} is required when the input has prompts at all (a row lacking it
 *       among rows that have it is an error, not a silent switch to implicit prompts); without
 *       prompts in the input, it is split off as TRL's {@code extract_prompt} does.</li>
 *   <li>Conversational rows (message lists): a missing or null {@code prompt} is taken from the
 *       answers' shared leading messages, row by row, as TRL's {@code maybe_extract_prompt} does, so
 *       one file may mix explicit and implicit prompts. A text {@code prompt} beside conversations
 *       that carry their own prompt (as in {@code ultrafeedback_binarized}) is replaced by those
 *       messages, as in TRL, but only when it is one of them; otherwise it is an error.</li>
 *   <li>Messages are objects with a string {@code role} and a {@code content} (text, null, or a list
 *       of content parts); any other fields ({@code tool_calls}, {@code reasoning_content}, ...) reach
 *       the chat template. {@code chat_template_kwargs}, an object, reaches every render of its row.</li>
 *   <li>Answers must not be blank before and after the prompt is split off and the template applied;
 *       an explicit text prompt must not be empty; none of the three may be longer than the
 *       loader's {@code maxFieldChars} once the template is applied.</li>
 * </ul>
 */
final class RowConverter {

    /** TRL's names for the columns of other dataset types, which a preference row must not hold. */
    private static final List<String> OTHER_TYPES_KEYS = List.of("messages", "completion", "label", "text");
    /** The keys named when an ambiguous row is reported, in TRL's order. */
    private static final List<String> REPORTED_KEYS =
            List.of("prompt", "chosen", "rejected", "completion", "messages", "label", "text");
    private static final String TEMPLATE_KWARGS = "chat_template_kwargs";

    private final ConversationRenderer renderer;
    private final int maxFieldChars;

    /**
     * @param renderer      renders conversational rows
     * @param maxFieldChars the most characters prompt, chosen or rejected may have after rendering
     */
    RowConverter(ConversationRenderer renderer, int maxFieldChars) {
        this.renderer = renderer;
        this.maxFieldChars = maxFieldChars;
    }

    /**
     * @param row              the row
     * @param inputHasPrompts  whether some row of the input has a {@code prompt} field
     */
    PreferenceExample convert(RawRow row, boolean inputHasPrompts) {
        PreferenceExample example = convertUnbounded(row, inputHasPrompts);
        requireWithinLimit(row.source(), "prompt", example.prompt());
        requireWithinLimit(row.source(), "chosen", example.chosen());
        requireWithinLimit(row.source(), "rejected", example.rejected());
        return example;
    }

    /**
     * Refuses text the tokenizer should never see: it needs memory many times the text's size,
     * and a runaway row (a whole file on one line) would exhaust it.
     */
    private void requireWithinLimit(ExampleSource source, String field, String text) {
        if (text.length() > maxFieldChars) {
            throw DatasetFormatException.forRow(source, field, "the text is " + text.length() + " characters long"
                    + " (after applying the chat template), over the limit of " + maxFieldChars
                    + " characters per field; raise it with --max-field-chars (cpo) or PreferenceLoader.maxFieldChars(int) if such rows"
                    + " are intended");
        }
    }

    private PreferenceExample convertUnbounded(RawRow row, boolean inputHasPrompts) {
        if (row.parseError() != null) {
            throw row.parseError();
        }
        ExampleSource source = row.source();
        JsonObject fields = row.fields();
        JsonElement chosen = required(source, fields, "chosen");
        JsonElement rejected = required(source, fields, "rejected");
        rejectOtherDatasetTypes(source, fields);
        JsonElement prompt = fields.get("prompt");
        boolean conversational = chosen.isJsonArray() || rejected.isJsonArray()
                || (prompt != null && prompt.isJsonArray());
        if (conversational) {
            return conversation(source, prompt, chosen, rejected, templateKwargs(source, fields));
        }
        if (fields.has(TEMPLATE_KWARGS)) {
            throw DatasetFormatException.forRow(source, TEMPLATE_KWARGS, "chat_template_kwargs only applies to"
                    + " conversational rows (message lists); this row is text");
        }
        if (inputHasPrompts && !fields.has("prompt")) {
            throw DatasetFormatException.forRow(source, "prompt",
                    "missing field 'prompt' (other rows of this input have one)");
        }
        return text(source, inputHasPrompts ? required(source, fields, "prompt") : null, chosen, rejected);
    }

    private static void rejectOtherDatasetTypes(ExampleSource source, JsonObject fields) {
        for (String key : OTHER_TYPES_KEYS) {
            if (fields.has(key) && !fields.get(key).isJsonNull()) {
                List<String> keys = new ArrayList<>();
                for (String name : REPORTED_KEYS) {
                    if (fields.has(name)) {
                        keys.add(name);
                    }
                }
                throw DatasetFormatException.forRow(source, key, "a preference row holds prompt, chosen and"
                        + " rejected (or chosen and rejected), but this one has " + keys + "; '" + key + "' belongs"
                        + " to another kind of TRL dataset, so the row is ambiguous; TRL rejects it (Invalid keys"
                        + " in the example) rather than ignore '" + key + "'");
            }
        }
    }

    private PreferenceExample text(ExampleSource source, JsonElement prompt, JsonElement chosen, JsonElement rejected) {
        String chosenText = string(source, "chosen", chosen);
        String rejectedText = string(source, "rejected", rejected);
        requireAnswer(source, "chosen", chosenText, "");
        requireAnswer(source, "rejected", rejectedText, "");
        if (prompt != null) {
            String promptText = string(source, "prompt", prompt);
            if (promptText.isEmpty()) {
                throw DatasetFormatException.forRow(source, "prompt", "empty prompt");
            }
            return new PreferenceExample(promptText, chosenText, rejectedText);
        }
        PreferenceExample split = ImplicitPrompt.extract(chosenText, rejectedText);
        String after = " after splitting off the implicit prompt";
        requireAnswer(source, "chosen", split.chosen(), after);
        requireAnswer(source, "rejected", split.rejected(), after);
        return split;
    }

    private PreferenceExample conversation(ExampleSource source, JsonElement prompt, JsonElement chosen,
                                           JsonElement rejected, Map<String, Object> templateKwargs) {
        List<ChatMessage> chosenMessages = messages(source, "chosen", chosen);
        List<ChatMessage> rejectedMessages = messages(source, "rejected", rejected);
        List<ChatMessage> promptMessages;
        if (prompt != null && prompt.isJsonArray()) {
            promptMessages = messages(source, "prompt", prompt);
        } else {
            ImplicitPrompt.Split<ChatMessage> split = ImplicitPrompt.split(chosenMessages, rejectedMessages);
            promptMessages = split.prompt();
            chosenMessages = split.chosen();
            rejectedMessages = split.rejected();
            if (promptMessages.isEmpty()) {
                throw DatasetFormatException.forRow(source, "prompt", (prompt == null || prompt.isJsonNull()
                        ? "no 'prompt' messages" : "a text 'prompt' beside conversational answers")
                        + " and chosen/rejected share no leading messages to take the prompt from");
            }
            if (prompt != null && !prompt.isJsonNull()) {
                requireAmongMessages(source, prompt, promptMessages);
            }
        }
        requireContent(source, "chosen", chosenMessages);
        requireContent(source, "rejected", rejectedMessages);
        PreferenceExample example = renderer.render(source, promptMessages, chosenMessages, rejectedMessages,
                templateKwargs);
        requireAnswer(source, "chosen", example.chosen(), " after applying the chat template");
        requireAnswer(source, "rejected", example.rejected(), " after applying the chat template");
        return example;
    }

    /**
     * TRL replaces a text prompt by the messages the answers share; that is only safe when the text
     * is one of those messages (the usual layout: the text repeats the user's question).
     */
    private static void requireAmongMessages(ExampleSource source, JsonElement prompt, List<ChatMessage> shared) {
        String text = string(source, "prompt", prompt);
        boolean found = shared.stream().anyMatch(message -> message.content() != null
                && message.content().strip().equals(text.strip()));
        if (!found) {
            throw DatasetFormatException.forRow(source, "prompt", "a text 'prompt' beside conversational answers"
                    + " is replaced by the messages the answers share (as TRL does), but none of those "
                    + shared.size() + " message(s) is this text; give the prompt as a message list, or leave it out");
        }
    }

    private static Map<String, Object> templateKwargs(ExampleSource source, JsonObject fields) {
        JsonElement value = fields.get(TEMPLATE_KWARGS);
        if (value == null || value.isJsonNull()) {
            return Map.of();
        }
        if (!value.isJsonObject()) {
            throw DatasetFormatException.forRow(source, TEMPLATE_KWARGS, "expected an object of template"
                    + " variables (e.g. {\"enable_thinking\": false}), found " + StrictJson.describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> kwargs = (Map<String, Object>) JsonValues.fromJson(value);
        return kwargs;
    }

    /** Catches blank answers before the template wraps them in role markers that hide the emptiness. */
    private static void requireContent(ExampleSource source, String field, List<ChatMessage> answer) {
        if (answer.isEmpty()) {
            throw DatasetFormatException.forRow(source, field, "empty answer: no messages after the prompt");
        }
        if (answer.stream().allMatch(RowConverter::isBlank)) {
            throw DatasetFormatException.forRow(source, field, "empty answer: every message's content is blank");
        }
    }

    /** A message that says nothing: no text (or only whitespace) and no fields besides role and content. */
    private static boolean isBlank(ChatMessage message) {
        boolean onlyRoleAndContent = message.fields().keySet().stream()
                .allMatch(name -> name.equals("role") || name.equals("content"));
        String text = message.content();
        return onlyRoleAndContent && (text == null || text.isBlank());
    }

    private static JsonElement required(ExampleSource source, JsonObject fields, String name) {
        if (!fields.has(name)) {
            throw DatasetFormatException.forRow(source, name, "missing field '" + name + "' (fields: "
                    + fields.keySet() + ")");
        }
        JsonElement value = fields.get(name);
        if (value.isJsonNull()) {
            throw DatasetFormatException.forRow(source, name, "null value");
        }
        return value;
    }

    private static String string(ExampleSource source, String field, JsonElement value) {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return value.getAsString();
        }
        String hint = value.isJsonArray() ? " (a message list needs all of prompt, chosen and rejected as lists)" : "";
        throw DatasetFormatException.forRow(source, field, "expected a string, found " + StrictJson.describe(value) + hint);
    }

    private static void requireAnswer(ExampleSource source, String field, String answer, String when) {
        if (answer.isEmpty()) {
            throw DatasetFormatException.forRow(source, field, "empty answer" + when);
        }
        if (answer.isBlank()) {
            throw DatasetFormatException.forRow(source, field, "answer is only whitespace" + when);
        }
    }

    private static List<ChatMessage> messages(ExampleSource source, String field, JsonElement value) {
        if (!value.isJsonArray()) {
            throw DatasetFormatException.forRow(source, field, "expected a list of {role, content} messages"
                    + " (other fields of this row are lists), found " + StrictJson.describe(value));
        }
        JsonArray array = value.getAsJsonArray();
        if (array.isEmpty()) {
            throw DatasetFormatException.forRow(source, field, "empty message list");
        }
        List<ChatMessage> messages = new ArrayList<>(array.size());
        for (int index = 0; index < array.size(); index++) {
            String at = field + "[" + index + "]";
            JsonElement element = array.get(index);
            if (!element.isJsonObject()) {
                throw DatasetFormatException.forRow(source, at, "expected a {role, content} message, found "
                        + StrictJson.describe(element));
            }
            JsonObject message = element.getAsJsonObject();
            messagePart(source, at + ".role", message.get("role"), false);
            messagePart(source, at + ".content", message.get("content"), true);
            messages.add(ChatMessage.fromJson(message));
        }
        return messages;
    }

    /** A role must be text; content may also be null (a turn that only calls tools) or a list of parts. */
    private static void messagePart(ExampleSource source, String field, JsonElement value, boolean content) {
        if (value == null) {
            throw DatasetFormatException.forRow(source, field, "message has no '"
                    + field.substring(field.lastIndexOf('.') + 1) + "'");
        }
        boolean text = value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
        if (!text && !(content && (value.isJsonNull() || value.isJsonArray()))) {
            throw DatasetFormatException.forRow(source, field, "expected a string" + (content
                    ? ", null or a list of content parts" : "") + ", found " + StrictJson.describe(value));
        }
    }
}
