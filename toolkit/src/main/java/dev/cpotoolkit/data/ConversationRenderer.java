package dev.cpotoolkit.data;

import dev.cpotoolkit.data.chat.ChatMessage;
import dev.cpotoolkit.data.chat.ChatRenderOptions;
import dev.cpotoolkit.data.chat.ChatTemplate;
import dev.cpotoolkit.data.chat.ChatTemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a conversational row (prompt, chosen and rejected message lists) into text exactly as TRL's
 * {@code apply_chat_template} does on its main branch (trl/data_utils.py):
 * <ul>
 *   <li>the prompt is rendered with the generation prompt when its last message is from
 *       {@code user} or {@code tool}, and so that its final message is continued when it is from
 *       {@code assistant}; any other last role is an error;</li>
 *   <li>prompt + chosen and prompt + rejected are rendered as whole conversations;</li>
 *   <li>the prompt text is then cut back to its longest common prefix with the first render, then
 *       with the second, and each answer is what follows that prefix. Templates that add text in the
 *       generation prompt which the finished turn does not have (DeepSeek-R1's {@code <think>})
 *       therefore split cleanly, and a template whose renders disagree is never an error: the
 *       answers simply start earlier.</li>
 * </ul>
 * The row's {@code chat_template_kwargs} reach every render, as TRL passes them, on top of the
 * loader's base options.
 */
final class ConversationRenderer {

    private final ChatTemplate template;
    private final ChatRenderOptions base;

    /**
     * @param template the chat template
     * @param base     what every render starts from (variables, tools, clock); TRL's {@code template_kwargs}
     */
    ConversationRenderer(ChatTemplate template, ChatRenderOptions base) {
        this.template = template;
        this.base = base;
    }

    PreferenceExample render(ExampleSource source, List<ChatMessage> prompt, List<ChatMessage> chosen,
                             List<ChatMessage> rejected, Map<String, Object> templateKwargs) {
        ChatRenderOptions whole = base.withVariables(templateKwargs);
        String lastRole = prompt.get(prompt.size() - 1).role();
        ChatRenderOptions promptOptions = switch (lastRole) {
            case "user", "tool" -> whole.withAddGenerationPrompt(true);
            case "assistant" -> whole.withContinueFinalMessage(true);
            default -> throw DatasetFormatException.forRow(source, "prompt", "the last prompt message must be from"
                    + " 'user', 'tool' or 'assistant', found '" + lastRole + "' (TRL: Invalid role in the last message)");
        };
        String promptText = render(source, "prompt", prompt, promptOptions);
        String promptChosen = render(source, "chosen", concat(prompt, chosen), whole);
        String promptRejected = render(source, "rejected", concat(prompt, rejected), whole);
        promptText = commonPrefix(commonPrefix(promptText, promptChosen), promptRejected);
        return new PreferenceExample(promptText,
                promptChosen.substring(promptText.length()),
                promptRejected.substring(promptText.length()));
    }

    private String render(ExampleSource source, String field, List<ChatMessage> messages, ChatRenderOptions options) {
        try {
            return template.render(messages, options);
        } catch (ChatTemplateException e) {
            throw DatasetFormatException.forRow(source, field, e.getMessage());
        }
    }

    private static List<ChatMessage> concat(List<ChatMessage> first, List<ChatMessage> second) {
        List<ChatMessage> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** The longest common prefix of two texts, compared by code point as Python compares characters. */
    static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length()) {
            int pointA = a.codePointAt(i);
            if (pointA != b.codePointAt(i)) {
                break;
            }
            i += Character.charCount(pointA);
        }
        return a.substring(0, i);
    }
}
