package dev.cpotoolkit.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatMessageTest {

    @Test
    void jsonKeepsPythonsIntAndFloatAndFieldOrder() {
        ChatMessage message = ChatMessage.fromJson(JsonParser.parseString(
                "{\"role\": \"tool\", \"content\": \"42\", \"n\": 1, \"x\": 1.0, \"e\": 1e5, \"big\": 123456789012345678901,"
                        + " \"ok\": true, \"none\": null}").getAsJsonObject());
        assertEquals(1L, message.get("n"));
        assertEquals(1.0, message.get("x"));
        assertEquals(100000.0, message.get("e"));
        assertEquals(new java.math.BigInteger("123456789012345678901"), message.get("big"));
        assertEquals(List.of("role", "content", "n", "x", "e", "big", "ok", "none"), List.copyOf(message.fields().keySet()));
        assertEquals("ChatMessage{'role': 'tool', 'content': '42', 'n': 1, 'x': 1.0, 'e': 100000.0,"
                + " 'big': 123456789012345678901, 'ok': True, 'none': None}", message.toString());
    }

    @Test
    void equalityComparesAllFieldsLikePythonDicts() {
        assertEquals(ChatMessage.user("hi"), ChatMessage.of(Map.of("content", "hi", "role", "user")));
        assertNotEquals(ChatMessage.user("hi"), ChatMessage.user("hi").with("name", "bob"));
        ChatMessage one = ChatMessage.of(Map.of("role", "user", "content", "x", "n", 1));
        ChatMessage oneFloat = ChatMessage.of(Map.of("role", "user", "content", "x", "n", 1.0));
        assertEquals(one, oneFloat, "1 == 1.0 in Python");
        assertEquals(one.hashCode(), oneFloat.hashCode());
    }

    @Test
    void contentIsTheTextOrTheFirstTextPart() {
        assertEquals("hi", ChatMessage.user("hi").content());
        assertNull(new ChatMessage("assistant", null).content());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", "user");
        fields.put("content", List.of(Map.of("type", "image"), Map.of("type", "text", "text", "look"),
                Map.of("type", "text", "text", "again")));
        assertEquals("look", ChatMessage.of(fields).content());
        assertEquals("user", ChatMessage.of(fields).role());
    }

    @Test
    void messagesNeedARoleAndJsonLikeValues() {
        assertThrows(IllegalArgumentException.class, () -> ChatMessage.of(Map.of("content", "x")));
        assertThrows(IllegalArgumentException.class, () -> ChatMessage.of(Map.of("role", "user", "when", new Object())));
        assertThrows(NullPointerException.class, () -> new ChatMessage(null, "x"));
    }

    @Test
    void templateValueIsAFreshMutableCopy() {
        ChatMessage message = ChatMessage.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "a"))));
        Map<String, Object> value = message.toTemplateValue();
        value.put("role", "changed");
        assertEquals("user", message.role());
    }
}
