package dev.cpotoolkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cpotoolkit.data.chat.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values were worked out with TRL's extract_prompt rule, Python quirks included. */
class ImplicitPromptTest {

    @ParameterizedTest(name = "[{0}] vs [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // the answers keep the space that precedes the first difference
        "`Q: capital? Paris`|`Q: capital? London`|`Q: capital?`|` Paris`|` London`",
        // difference not preceded by a space: cut right at it
        "`The answer is 42`|`The answer is 41`|`The answer is 4`|`2`|`1`",
        // nothing differs, rejected longer: Python's loop variable stops at min_len - 1
        "abc|abcd|ab|c|cd",
        // identical texts: same quirk
        "same|same|sam|e|e",
        // first character differs and chosen does not end with a space: empty prompt
        "yes|no|``|yes|no",
        // first character differs and chosen ends with a space: chosen[-1] quirk, idx = -1
        "`yes `|no|yes|` `|o",
        // code points, not UTF-16 units: the emoji is one element
        "`hi 😀 a`|`hi 😀 b`|`hi 😀`|` a`|` b`",
    })
    void splitsLikeTrl(String chosen, String rejected, String prompt, String chosenAnswer, String rejectedAnswer) {
        assertEquals(new PreferenceExample(prompt, chosenAnswer, rejectedAnswer), ImplicitPrompt.extract(chosen, rejected));
    }

    @Test
    void emptyAnswerCannotBeSplit() {
        assertThrows(IllegalArgumentException.class, () -> ImplicitPrompt.extract("", "x"));
    }

    @Test
    void messageListsSplitElementByElement() {
        ChatMessage system = ChatMessage.system("be nice");
        ChatMessage user = ChatMessage.user("hi");
        ImplicitPrompt.Split<ChatMessage> split = ImplicitPrompt.split(
                List.of(system, user, ChatMessage.assistant("hello")),
                List.of(system, user, ChatMessage.assistant("go away")));
        assertEquals(List.of(system, user), split.prompt());
        assertEquals(List.of(ChatMessage.assistant("hello")), split.chosen());
        assertEquals(List.of(ChatMessage.assistant("go away")), split.rejected());
    }

    @Test
    void identicalMessageListsKeepTheLastMessageAsAnswer() {
        ChatMessage user = ChatMessage.user("hi");
        ChatMessage answer = ChatMessage.assistant("hello");
        ImplicitPrompt.Split<ChatMessage> split = ImplicitPrompt.split(List.of(user, answer), List.of(user, answer));
        assertEquals(List.of(user), split.prompt());
        assertEquals(List.of(answer), split.chosen());
    }
}
