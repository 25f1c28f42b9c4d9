package dev.cpotoolkit.data;

import dev.cpotoolkit.data.chat.ChatMessage;
import dev.cpotoolkit.data.chat.ChatTemplate;
import dev.cpotoolkit.data.chat.ChatTemplateException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a conversational row (prompt, chosen and rejected message lists) into text, following
 * TRL's {@code maybe_apply_chat_template}:
 * <ul>
 *   <li>prompt text = the prompt messages rendered with the generation prompt when the last prompt
 *       message is the user's; when it is the assistant's, rendered so that message is continued
 *       ({@link ChatTemplate#renderContinuingFinalMessage(List)}); any other last role is an error;</li>
 *   <li>chosen text = prompt + chosen messages rendered without generation prompt, minus the prompt
 *       text at its start; an error when it does not start with the prompt text (the template
 *       renders earlier turns differently once more follow);</li>
 *   <li>rejected text likewise.</li>
 * </ul>
 */
final class ConversationRenderer {

    private final ChatTemplate template;

    ConversationRenderer(ChatTemplate template) {
        this.template = template;
    }

    PreferenceExample render(ExampleSource source, List<ChatMessage> prompt, List<ChatMessage> chosen,
                             List<ChatMessage> rejected) {
        String lastRole = prompt.get(prompt.size() - 1).role();
        String promptText;
        try {
            if (lastRole.equals("user")) {
                promptText = template.render(prompt, true);
            } else if (lastRole.equals("assistant")) {
                promptText = template.renderContinuingFinalMessage(prompt);
            } else {
                throw DatasetFormatException.forRow(source, "prompt", "the last prompt message must be from 'user'"
                        + " or 'assistant', found '" + lastRole + "'");
            }
        } catch (ChatTemplateException e) {
            throw DatasetFormatException.forRow(source, "prompt", e.getMessage());
        }
        return new PreferenceExample(promptText,
                answer(source, "chosen", promptText, prompt, chosen),
                answer(source, "rejected", promptText, prompt, rejected));
    }

    private String answer(ExampleSource source, String field, String promptText, List<ChatMessage> prompt,
                          List<ChatMessage> answer) {
        List<ChatMessage> conversation = new ArrayList<>(prompt);
        conversation.addAll(answer);
        String full;
        try {
            full = template.render(conversation, false);
        } catch (ChatTemplateException e) {
            throw DatasetFormatException.forRow(source, field, e.getMessage());
        }
        if (!full.startsWith(promptText)) {
            throw DatasetFormatException.forRow(source, field, "the chat template renders prompt + " + field
                    + " so that it does not start with the rendered prompt; cannot separate the answer");
        }
        return full.substring(promptText.length());
    }
}
