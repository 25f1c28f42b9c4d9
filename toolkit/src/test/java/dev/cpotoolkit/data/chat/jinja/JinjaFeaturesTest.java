package dev.cpotoolkit.data.chat.jinja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.cpotoolkit.data.chat.CorpusFiles;
import dev.cpotoolkit.data.chat.JsonValues;
import dev.cpotoolkit.data.chat.TemplateGlobals;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One tiny template per Jinja2 feature (features.json, written by generate.py with Python's
 * Jinja2 in transformers' environment): the engine must produce the same text, or the same error
 * type and message (and line, for syntax errors).
 */
class JinjaFeaturesTest {

    static Stream<Arguments> cases() {
        JsonObject corpus = CorpusFiles.json("features.json");
        return corpus.getAsJsonArray("cases").asList().stream()
                .map(JsonElement::getAsJsonObject)
                .map(c -> Arguments.of(c.get("name").getAsString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeJinja2(String name, JsonObject feature) {
        String template = feature.get("template").getAsString();
        Map<String, Object> context = new LinkedHashMap<>(TemplateGlobals.of(CorpusFiles.FIXED_CLOCK));
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) JsonValues.fromJson(feature.get("context"));
        context.putAll(variables);
        if (feature.has("expected")) {
            String rendered;
            try {
                rendered = JinjaTemplate.parse(template).render(context);
            } catch (JinjaError e) {
                throw new AssertionError("expected output, got " + e.getMessage(), e);
            }
            assertEquals(feature.get("expected").getAsString(), rendered);
            return;
        }
        JsonObject error = feature.getAsJsonObject("error");
        try {
            String rendered = JinjaTemplate.parse(template).render(context);
            fail("expected " + error + ", rendered " + rendered);
        } catch (JinjaError e) {
            assertError(error, e);
        }
    }

    /** Compares an engine error with the Python one recorded by generate.py. */
    static void assertError(JsonObject expected, JinjaError actual) {
        String type = expected.get("type").getAsString();
        assertEquals(type, actual.kind().pythonName(), () -> "error kind of " + actual.getMessage());
        if (!type.equals("SyntaxError")) { // Python's own SyntaxError names a line of generated code
            assertEquals(expected.get("message").getAsString(), actual.detail());
        }
        if (expected.has("line")) {
            assertEquals(expected.get("line").getAsInt(), actual.line(), "error line");
        }
    }
}
