package dev.cpotoolkit.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.cpotoolkit.data.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates one raw row and turns it into a {@link PreferenceExample}; every rule violation is a
 * row-level {@link DatasetFormatException} naming the field.
 *
 * <p>Rules: {@code chosen} and {@code rejected} are required; {@code prompt} is required when the
 * input has prompts at all (a row lacking it among rows that have it is an error, not a silent
 * switch to implicit prompts). Values are strings (standard rows) or lists of
 * {@code {"role", "content"}} string messages (conversational rows); numbers, booleans, null and
 * other shapes are errors. Answers must not be blank (empty or whitespace only) before and after
 * the prompt is split off; an explicit prompt must not be empty. Other fields are ignored, as TRL
 * ignores extra columns.
 */
final class RowConverter {

    private final ConversationRenderer renderer;

    RowConverter(ConversationRenderer renderer) {
        this.renderer = renderer;
    }

    PreferenceExample convert(RawRow row, boolean explicitPrompt) {
        if (row.parseError() != null) {
            throw row.parseError();
        }
        ExampleSource source = row.source();
        JsonObject fields = row.fields();
        JsonElement chosen = required(source, fields, "chosen");
        JsonElement rejected = required(source, fields, "rejected");
        JsonElement prompt = null;
        if (explicitPrompt) {
            if (!fields.has("prompt")) {
                throw DatasetFormatException.forRow(source, "prompt",
                        "missing field 'prompt' (other rows of this input have one)");
            }
            prompt = required(source, fields, "prompt");
        }
        boolean conversational = chosen.isJsonArray() || rejected.isJsonArray() || (prompt != null && prompt.isJsonArray());
        return conversational
                ? conversation(source, prompt, chosen, rejected)
                : text(source, prompt, chosen, rejected);
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
                                           JsonElement rejected) {
        List<ChatMessage> chosenMessages = messages(source, "chosen", chosen);
        List<ChatMessage> rejectedMessages = messages(source, "rejected", rejected);
        List<ChatMessage> promptMessages;
        if (prompt != null) {
            promptMessages = messages(source, "prompt", prompt);
        } else {
            ImplicitPrompt.Split<ChatMessage> split = ImplicitPrompt.split(chosenMessages, rejectedMessages);
            promptMessages = split.prompt();
            chosenMessages = split.chosen();
            rejectedMessages = split.rejected();
            if (promptMessages.isEmpty()) {
                throw DatasetFormatException.forRow(source, "prompt",
                        "no 'prompt' messages and chosen/rejected share no leading messages to use as the prompt");
            }
        }
        requireContent(source, "chosen", chosenMessages);
        requireContent(source, "rejected", rejectedMessages);
        PreferenceExample example = renderer.render(source, promptMessages, chosenMessages, rejectedMessages);
        requireAnswer(source, "chosen", example.chosen(), " after applying the chat template");
        requireAnswer(source, "rejected", example.rejected(), " after applying the chat template");
        return example;
    }

    /** Catches blank answers before the template wraps them in role markers that hide the emptiness. */
    private static void requireContent(ExampleSource source, String field, List<ChatMessage> answer) {
        if (answer.isEmpty()) {
            throw DatasetFormatException.forRow(source, field, "empty answer: no messages after the prompt");
        }
        if (answer.stream().allMatch(message -> message.content().isBlank())) {
            throw DatasetFormatException.forRow(source, field, "empty answer: every message's content is blank");
        }
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
            messages.add(new ChatMessage(
                    messagePart(source, at + ".role", message.get("role")),
                    messagePart(source, at + ".content", message.get("content"))));
        }
        return messages;
    }

    private static String messagePart(ExampleSource source, String field, JsonElement value) {
        if (value == null) {
            throw DatasetFormatException.forRow(source, field, "message has no '"
                    + field.substring(field.lastIndexOf('.') + 1) + "'");
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw DatasetFormatException.forRow(source, field, "expected a string, found " + StrictJson.describe(value));
        }
        return value.getAsString();
    }
}
