package dev.cpotoolkit.data.chat;

import dev.cpotoolkit.data.chat.jinja.PyStrings;
import dev.cpotoolkit.data.chat.jinja.TemplateValues;
import java.util.List;
import java.util.Map;

/**
 * transformers' {@code continue_final_message} cut (4.x {@code render_jinja_template}): find the
 * final message's text, stripped, at its last occurrence in the rendered chat, and end the text
 * there, keeping the message's own leading spaces' length and dropping its trailing whitespace
 * when the template dropped it too.
 */
final class FinalMessage {

    private FinalMessage() {
    }

    static String cutAfter(String rendered, List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new ChatTemplateException("list index out of range");
        }
        Map<String, Object> last = messages.get(messages.size() - 1).fields();
        if (!last.containsKey("content")) {
            throw new ChatTemplateException("KeyError: 'content'");
        }
        String text = text(last.get("content"));
        String stripped = PyStrings.strip(text, null, true, true);
        String leftStripped = PyStrings.strip(text, null, true, false);
        if (!rendered.contains(stripped)) {
            throw new ChatTemplateException("continue_final_message is set but the final message does not appear in"
                    + " the chat after applying the chat template! This can happen if the chat template deletes"
                    + " portions of the final message. Please verify the chat template and final message in your"
                    + " chat to ensure they are compatible.");
        }
        // UTF-16 offsets stand in for Python's code point offsets: both sides use the same unit
        int at = rendered.lastIndexOf(stripped);
        int keepLeftStripped = Math.min(rendered.length(), at + leftStripped.length());
        if (rendered.substring(at, keepLeftStripped).equals(text)) {
            return rendered.substring(0, keepLeftStripped);
        }
        return rendered.substring(0, at + stripped.length());
    }

    /** The text to continue: the content string, or the last content part that has a text. */
    private static String text(Object content) {
        if (content instanceof List<?> parts) {
            for (int i = parts.size() - 1; i >= 0; i--) {
                if (parts.get(i) instanceof Map<?, ?> part && part.containsKey("text")) {
                    Object text = part.get("text");
                    if (text instanceof String s) {
                        return s;
                    }
                    throw new ChatTemplateException("'" + TemplateValues.pythonTypeName(text)
                            + "' object has no attribute 'strip'");
                }
            }
            throw new ChatTemplateException("continue_final_message is set but we could not find any text to"
                    + " continuein the final message!");
        }
        if (!(content instanceof String s)) {
            throw new ChatTemplateException("'" + TemplateValues.pythonTypeName(content)
                    + "' object has no attribute 'strip'");
        }
        return s;
    }
}
