package dev.cpotoolkit.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.cpotoolkit.data.chat.jinja.JinjaError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every chat template of the corpus with every conversation that fits it and every option set,
 * rendered by {@link ChatTemplate} and compared byte for byte with what transformers'
 * {@code apply_chat_template} produced (expected.json, written by generate.py).
 */
class ChatTemplateConformanceTest {

    static Stream<Arguments> cases() {
        return CorpusFiles.json("expected.json").getAsJsonArray("cases").asList().stream()
                .map(JsonElement::getAsJsonObject)
                .map(c -> Arguments.of(c.get("id").getAsString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeTransformers(String id, JsonObject expected) {
        ChatTemplate template = CorpusFiles.template(expected.get("template").getAsString());
        JsonObject conversation = CorpusFiles.json("conversations/" + expected.get("conversation").getAsString());
        List<ChatMessage> messages = new ArrayList<>();
        conversation.getAsJsonArray("messages").forEach(m -> messages.add(ChatMessage.fromJson(m.getAsJsonObject())));
        @SuppressWarnings("unchecked")
        Map<String, Object> kwargs = (Map<String, Object>) JsonValues.fromJson(expected.get("kwargs"));
        ChatRenderOptions options = ChatRenderOptions.defaults()
                .withAddGenerationPrompt(expected.get("add_generation_prompt").getAsBoolean())
                .withContinueFinalMessage(expected.get("continue_final_message").getAsBoolean())
                .withTools((List<?>) JsonValues.fromJson(conversation.get("tools")))
                .withDocuments((List<?>) JsonValues.fromJson(conversation.get("documents")))
                .withVariables(kwargs)
                .withClock(CorpusFiles.FIXED_CLOCK);
        if (expected.has("expected")) {
            assertEquals(expected.get("expected").getAsString(), template.render(messages, options));
            return;
        }
        JsonObject error = expected.getAsJsonObject("error");
        try {
            String rendered = template.render(messages, options);
            fail("expected " + error + ", rendered " + rendered);
        } catch (ChatTemplateException e) {
            assertError(error, e);
        }
    }

    private static void assertError(JsonObject expected, ChatTemplateException actual) {
        String type = expected.get("type").getAsString();
        String message = expected.get("message").getAsString();
        if (type.equals("TemplateError")) {
            assertTrue(actual.raisedByTemplate(), "raised by the template");
            assertEquals(message, actual.getMessage());
        } else if (actual.getCause() instanceof JinjaError cause) {
            assertEquals(type, cause.kind().pythonName());
            assertEquals(message, cause.detail());
        } else {
            // checks of apply_chat_template itself (ValueError, TypeError): the same words
            assertInstanceOf(ChatTemplateException.class, actual);
            assertEquals(message, actual.getMessage());
        }
    }

}
