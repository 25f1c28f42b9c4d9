package dev.cpotoolkit.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.chat.ChatRenderOptions;
import dev.cpotoolkit.data.chat.ChatTemplate;
import dev.cpotoolkit.data.chat.CorpusFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conversational preference rows turned into prompt, chosen and rejected text exactly as TRL's
 * {@code maybe_extract_prompt} and {@code apply_chat_template} (main branch) do, for every corpus
 * template: the expected splits come from trl_split.py (Python, Jinja2), committed as
 * trl-splits.json. Rows cover explicit, implicit and null prompts, a prompt ending in an assistant
 * turn or a tool result, thinking answers (DeepSeek-R1-style generation prompts), per-row
 * {@code chat_template_kwargs}, a text prompt beside full conversations, and non-ASCII text.
 */
class TrlChatSplitTest {

    private static final Map<String, JsonObject> ROWS = rows();

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return CorpusFiles.jsonArray("trl-splits.json").asList().stream().map(JsonElement::getAsJsonObject)
                .map(c -> Arguments.of(c.get("template").getAsString() + " / " + c.get("row").getAsString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void splitsAsTrlDoes(String name, JsonObject expected) throws IOException {
        Path file = dir.resolve("row.jsonl");
        JsonObject row = ROWS.get(expected.get("row").getAsString()).deepCopy();
        row.remove("id");
        Files.writeString(file, row + "\n", StandardCharsets.UTF_8);
        PreferenceLoader loader = loader(CorpusFiles.template(expected.get("template").getAsString()));
        if (expected.has("expected")) {
            JsonObject split = expected.getAsJsonObject("expected");
            assertEquals(new PreferenceExample(split.get("prompt").getAsString(), split.get("chosen").getAsString(),
                    split.get("rejected").getAsString()), loader.load(file).get(0));
        } else {
            DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> loader.load(file));
            String message = expected.getAsJsonObject("error").get("message").getAsString();
            assertTrue(error.getMessage().contains(message), error.getMessage() + "\nshould say: " + message);
        }
    }

    @Test
    void oneFileMixesExplicitAndImplicitPrompts() throws IOException {
        Path file = dir.resolve("mixed.jsonl");
        StringBuilder text = new StringBuilder();
        for (String id : List.of("explicit-user", "implicit", "implicit-null-prompt", "text-prompt-with-conversations")) {
            JsonObject row = ROWS.get(id).deepCopy();
            row.remove("id");
            text.append(row).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        PreferenceDataset data = loader(CorpusFiles.template("chatml")).load(file);
        assertEquals(4, data.size());
        assertEquals("<|im_start|>user\n2 + 2?<|im_end|>\n<|im_start|>assistant\n", data.get(1).prompt());
        assertEquals("4<|im_end|>\n", data.get(1).chosen());
    }

    private static PreferenceLoader loader(ChatTemplate template) {
        return PreferenceDataset.loader().chatTemplate(template)
                .chatRenderOptions(ChatRenderOptions.defaults().withClock(CorpusFiles.FIXED_CLOCK));
    }

    private static Map<String, JsonObject> rows() {
        Map<String, JsonObject> rows = new HashMap<>();
        for (String line : CorpusFiles.text("preference-rows.jsonl").split("\n")) {
            if (!line.isBlank()) {
                JsonObject row = JsonParser.parseString(line).getAsJsonObject();
                rows.put(row.get("id").getAsString(), row);
            }
        }
        return rows;
    }
}
