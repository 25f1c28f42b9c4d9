package dev.cpotoolkit.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Renders real Hugging Face chat templates (test resources) and compares with transformers' output. */
public class ChatTemplateTest {

    public static Path templateDir(String name) {
        try {
            return Path.of(ChatTemplateTest.class.getResource("/data/templates/" + name + "/tokenizer_config.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final List<ChatMessage> HELLO = List.of(ChatMessage.user("Hello"));
    private static final List<ChatMessage> TWO_TURNS = List.of(
            ChatMessage.system("Be brief."), ChatMessage.user(" Hi there "), ChatMessage.assistant("Hello!"));

    @Test
    void qwen2ChatMlAddsDefaultSystemAndGenerationPrompt() {
        ChatTemplate qwen = ChatTemplate.fromTokenizerConfig(templateDir("qwen2").resolve("tokenizer_config.json"));
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", qwen.render(HELLO, true));
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n Hi there <|im_end|>\n"
                + "<|im_start|>assistant\nHello!<|im_end|>\n", qwen.render(TWO_TURNS, false));
        assertEquals("<|im_end|>", qwen.specialTokens().get("eos_token"));
        assertFalse(qwen.specialTokens().containsKey("bos_token"), "null tokens are absent");
    }

    @Test
    void zephyrKeepsNewlinesAfterExpressionsButTrimsBlocks() {
        ChatTemplate zephyr = ChatTemplate.fromTokenizerConfig(templateDir("zephyr"));
        assertEquals("<|user|>\nHello</s>\n<|assistant|>\n", zephyr.render(HELLO, true));
        assertEquals("<|system|>\nBe brief.</s>\n<|user|>\n Hi there </s>\n<|assistant|>\nHello!</s>\n",
                zephyr.render(TWO_TURNS, false));
    }

    @Test
    void llama2UsesStripSystemBlockAndTokenObjects() {
        ChatTemplate llama2 = ChatTemplate.fromTokenizerConfig(templateDir("llama2"));
        assertEquals("<s>", llama2.specialTokens().get("bos_token"), "token given as {content: ...}");
        assertEquals("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\n Hi there [/INST] Hello! </s>",
                llama2.render(TWO_TURNS, false));
        assertEquals("<s>[INST] Hello [/INST]", llama2.render(HELLO, true));
    }

    @Test
    void llama2RaiseExceptionBecomesChatTemplateException() {
        ChatTemplate llama2 = ChatTemplate.fromTokenizerConfig(templateDir("llama2"));
        ChatTemplateException error = assertThrows(ChatTemplateException.class, () -> llama2.render(
                List.of(ChatMessage.user("a"), ChatMessage.user("b")), false));
        assertTrue(error.raisedByTemplate());
        assertTrue(error.getMessage().contains("Conversation roles must alternate user/assistant/user/assistant/..."),
                error.getMessage());
    }

    @Test
    void llama3TrimsContentWithFilter() {
        ChatTemplate llama3 = ChatTemplate.fromTokenizerConfig(templateDir("llama3"));
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                llama3.render(TWO_TURNS, true));
    }

    @Test
    void listOfNamedTemplatesTakesDefault() {
        ChatTemplate template = ChatTemplate.fromTokenizerConfig(templateDir("named-templates"));
        assertEquals("<s>user=Hello;", template.render(HELLO, false));
    }

    @Test
    void missingTemplateFailsUnlessPlainFallbackIsAskedFor() {
        Path config = templateDir("no-template");
        ChatTemplateException error = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.fromTokenizerConfig(config));
        assertTrue(error.getMessage().contains("no chat_template"), error.getMessage());
        ChatTemplate fallback = ChatTemplate.fromTokenizerConfigOrPlain(config);
        assertTrue(fallback.isPlain());
        assertEquals("</s>", fallback.specialTokens().get("eos_token"));
    }

    @Test
    void missingConfigFileIsAClearError() {
        ChatTemplateException error = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.fromTokenizerConfig(Path.of("no/such/tokenizer_config.json")));
        assertTrue(error.getMessage().contains("no/such/tokenizer_config.json"), error.getMessage());
    }

    @Test
    void plainTemplateFormat() {
        ChatTemplate plain = ChatTemplate.plain();
        assertEquals("System: Be brief.\nUser:  Hi there \nAssistant: Hello!\n", plain.render(TWO_TURNS, false));
        assertEquals("User: Hello\nAssistant:", plain.render(HELLO, true));
    }

    @Test
    void continuingFinalMessageCutsTheEndOfTurn() {
        ChatTemplate qwen = ChatTemplate.fromTokenizerConfig(templateDir("qwen2"));
        String text = qwen.renderContinuingFinalMessage(List.of(
                ChatMessage.user("Count"), ChatMessage.assistant("One, two,")));
        assertTrue(text.endsWith("<|im_start|>assistant\nOne, two,"), text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "{{ '  x  '.strip() }}=>x",
        "{{ 'xxhixx'.strip('x') }}=>hi",
        "{{ '  x  '.lstrip() }}.=>x  .",
        "{{ '  x  '.rstrip() }}.=>`  x.`",
        "{{ 'hello'.startswith('he') }} {{ 'hello'.endswith('x') }}=>true false",
        "{{ 'Hi'.upper() }}{{ 'Hi'.lower() }}=>HIhi",
        "{{ 'hello world'.title() }}=>Hello World",
        "{{ ' a  b '.split() | length }} {{ 'a,b,,c'.split(',') | length }}=>2 4",
        "{{ 'a-b'.replace('-', '+') }}=>a+b",
        "{{ 'x.strip()' }}=>x.strip()",
        "{% if not 'abc'.startswith('b') %}yes{% endif %}=>yes",
        "{{ ('  a' + 'b  ').strip() }}=>ab",
        "{{ messages[0]['content'].strip().upper() }}=>HELLO",
    })
    void pythonStringMethodsWork(String template, String expected) {
        assertEquals(expected, ChatTemplate.of(template).render(List.of(ChatMessage.user(" hello ")), false));
    }

    @Test
    void specialTokensAreVariables() {
        ChatTemplate template = ChatTemplate.of("{{ bos_token }}{{ messages[0].content }}{{ eos_token }}",
                Map.of("bos_token", "<s>", "eos_token", "</s>"));
        assertEquals("<s>Hello</s>", template.render(HELLO, false));
    }

    @Test
    void brokenTemplateIsAChatTemplateException() {
        ChatTemplateException error = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("{% no_such_tag %}").render(HELLO, false));
        assertFalse(error.raisedByTemplate());
    }
}
