package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading tokenizer_config.json in its several shapes, and clear errors naming the file. */
class HfTokenizerConfigTest {

    @Test
    void readsTheFixtureConfig() {
        HfTokenizerConfig c = HfTokenizerConfig.read(Fixtures.model("tiny-llama").resolve("tokenizer_config.json"));
        assertEquals("<s>", c.bosToken().orElseThrow());
        assertEquals("</s>", c.eosToken().orElseThrow());
        assertEquals("<pad>", c.padToken().orElseThrow());
        assertEquals("<unk>", c.unkToken().orElseThrow());
        assertEquals(64, c.modelMaxLength().getAsInt());
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(c.addedTokensDecoder().keySet()));
        assertEquals(new HfTokenizerConfig.AddedToken("</s>", true, false, false, false, false),
                c.addedTokensDecoder().get(3));
        assertTrue(c.chatTemplateSource().isEmpty());
    }

    @Test
    void tokenValuesMayBeStringsNullsOrContentObjects() {
        HfTokenizerConfig c = HfTokenizerConfig.parse("""
                {"bos_token": {"content": "<|begin|>", "lstrip": false, "__type": "AddedToken"},
                 "eos_token": "<|end|>", "pad_token": null,
                 "model_max_length": 1000000000000000019884624838656,
                 "chat_template": "{{ messages }}"}""", null);
        assertEquals("<|begin|>", c.bosToken().orElseThrow());
        assertEquals("<|end|>", c.eosToken().orElseThrow());
        assertTrue(c.padToken().isEmpty());
        assertTrue(c.unkToken().isEmpty());
        assertTrue(c.modelMaxLength().isEmpty(), "transformers' 1e30 means no limit");
        assertEquals("{{ messages }}", c.chatTemplateSource().orElseThrow());
    }

    @Test
    void namedTemplateListExposesDefaultAndAllNames() {
        HfTokenizerConfig c = HfTokenizerConfig.read(
                Fixtures.resource("tokenize/bytelevel-bpe/tokenizer_config.json"));
        assertEquals(List.of("default", "tool_use"), List.copyOf(c.chatTemplates().keySet()));
        assertTrue(c.chatTemplateSource().orElseThrow().startsWith("{% for m in messages %}"));
        assertEquals("{{ tools }}", c.chatTemplates().get("tool_use"));
    }

    @Test
    void chatTemplateJinjaNextToTheConfigIsTheDefault(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ bos_token }}");
        assertEquals("{{ bos_token }}", HfTokenizerConfig.readFromDirectory(dir).chatTemplateSource().orElseThrow());
    }

    @Test
    void templateFilesWinOverTheConfigAsInTransformers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"chat_template\": [{\"name\": \"default\", \"template\": \"config\"},"
                        + " {\"name\": \"tool_use\", \"template\": \"config tools\"}]}");
        Files.writeString(dir.resolve("chat_template.jinja"), "from the file");
        Files.createDirectories(dir.resolve("additional_chat_templates"));
        Files.writeString(dir.resolve("additional_chat_templates/rag.jinja"), "rag file");
        HfTokenizerConfig c = HfTokenizerConfig.readFromDirectory(dir);
        assertEquals("from the file", c.chatTemplateSource().orElseThrow());
        // transformers replaces the config's templates with the files' set as a whole.
        assertEquals(java.util.Map.of("default", "from the file", "rag", "rag file"), c.chatTemplates());
    }

    @Test
    void specialTokensMapFileWinsAndTheTemplateSeesTransformersMap(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"bos_token": "<s>", "eos_token": "</s>", "pad_token": null, "sep_token": "",
                 "additional_special_tokens": ["<a>"], "image_token": "<img>"}""");
        Files.writeString(dir.resolve("special_tokens_map.json"), """
                {"eos_token": {"content": "<|eot|>", "lstrip": false}, "mask_token": "<mask>",
                 "additional_special_tokens": [{"content": "<b>"}, "<c>"]}""");
        HfTokenizerConfig c = HfTokenizerConfig.readFromDirectory(dir);
        assertEquals("<|eot|>", c.eosToken().orElseThrow());
        assertEquals("<s>", c.bosToken().orElseThrow());
        // In SPECIAL_TOKENS_ATTRIBUTES order; image_token is not one of them.
        assertEquals(List.of("bos_token", "eos_token", "sep_token", "mask_token"), List.copyOf(c.specialTokens().keySet()));
        assertEquals(List.of("<b>", "<c>"), c.additionalSpecialTokens());
        // The template sees transformers' special_tokens_map: set and non-empty tokens, then the list.
        Files.writeString(dir.resolve("chat_template.jinja"),
                "{{ sep_token is defined }} {{ mask_token }} {{ additional_special_tokens }} {{ image_token is defined }}");
        assertEquals("False <mask> ['<b>', '<c>'] False",
                HfTokenizerConfig.readFromDirectory(dir).chatTemplate().render(List.of(), false));
    }

    @Test
    void missingConfigInAFolderMeansEmpty(@TempDir Path dir) {
        HfTokenizerConfig c = HfTokenizerConfig.readFromDirectory(dir);
        assertFalse(c.bosToken().isPresent());
        assertTrue(c.addedTokensDecoder().isEmpty());
        TokenizationException e = assertThrows(TokenizationException.class,
                () -> HfTokenizerConfig.read(dir.resolve("tokenizer_config.json")));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer_config.json").toString()), e.getMessage());
    }

    @Test
    void malformedConfigErrorNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer_config.json");
        for (String bad : List.of("{\"bos_token\": ", "[1, 2]", "{\"eos_token\": 3}",
                "{\"chat_template\": [{\"name\": \"x\"}]}", "{\"added_tokens_decoder\": {\"x\": {}}}",
                "{\"model_max_length\": \"big\"}")) {
            Files.writeString(file, bad);
            TokenizationException e = assertThrows(TokenizationException.class,
                    () -> HfTokenizerConfig.read(file), bad);
            assertTrue(e.getMessage().startsWith("Malformed tokenizer config " + file.toAbsolutePath()),
                    e.getMessage());
        }
    }
}
