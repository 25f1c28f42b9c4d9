package dev.cpotoolkit.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpotoolkit.data.chat.jinja.JinjaError;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Renders real Hugging Face chat templates (test resources) and compares with transformers'
 * output; every expected string here was produced by generate.py's copy of
 * {@code apply_chat_template} (Python, Jinja2 3.1).
 */
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
        ChatTemplate qwen = TemplateFiles.of(templateDir("qwen2").resolve("tokenizer_config.json"));
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", qwen.render(HELLO, true));
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n Hi there <|im_end|>\n"
                + "<|im_start|>assistant\nHello!<|im_end|>\n", qwen.render(TWO_TURNS, false));
        assertEquals("<|im_end|>", qwen.specialTokens().get("eos_token"));
        assertFalse(qwen.specialTokens().containsKey("bos_token"), "null tokens are absent");
    }

    @Test
    void zephyrKeepsNewlinesAfterExpressionsButTrimsBlocks() {
        ChatTemplate zephyr = TemplateFiles.of(templateDir("zephyr"));
        assertEquals("<|user|>\nHello</s>\n<|assistant|>\n", zephyr.render(HELLO, true));
        assertEquals("<|system|>\nBe brief.</s>\n<|user|>\n Hi there </s>\n<|assistant|>\nHello!</s>\n",
                zephyr.render(TWO_TURNS, false));
    }

    @Test
    void llama2UsesStripSystemBlockAndTokenObjects() {
        ChatTemplate llama2 = TemplateFiles.of(templateDir("llama2"));
        assertEquals("<s>", llama2.specialTokens().get("bos_token"), "token given as {content: ...}");
        assertEquals("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\n Hi there [/INST] Hello! </s>",
                llama2.render(TWO_TURNS, false));
        assertEquals("<s>[INST] Hello [/INST]", llama2.render(HELLO, true));
    }

    @Test
    void llama2RaiseExceptionBecomesChatTemplateExceptionWithTheTemplatesWords() {
        ChatTemplate llama2 = TemplateFiles.of(templateDir("llama2"));
        ChatTemplateException error = assertThrows(ChatTemplateException.class, () -> llama2.render(
                List.of(ChatMessage.user("a"), ChatMessage.user("b")), false));
        assertTrue(error.raisedByTemplate());
        assertEquals("Conversation roles must alternate user/assistant/user/assistant/...", error.getMessage());
    }

    @Test
    void llama3TrimsContentWithFilter() {
        ChatTemplate llama3 = TemplateFiles.of(templateDir("llama3"));
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                llama3.render(TWO_TURNS, true));
    }

    /** The bug this engine fixes: with Jinjava, whitespace control ({@code {{-}}, {@code {%-}}) left newlines and indentation. */
    @Test
    void llama32StyleTemplateHasNoStrayWhitespace() {
        ChatTemplate llama32 = ChatTemplate.of(CorpusFiles.text("templates/llama-3.2-style.jinja"),
                Map.of("bos_token", "<|begin_of_text|>", "eos_token", "<|eot_id|>"));
        String prompt = llama32.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi there")),
                ChatRenderOptions.defaults().withAddGenerationPrompt(true).withClock(CorpusFiles.FIXED_CLOCK));
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n"
                + "Be brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", prompt);
    }

    @Test
    void listOfNamedTemplatesTakesDefault() {
        ChatTemplate template = TemplateFiles.of(templateDir("named-templates"));
        assertEquals("<s>user=Hello;", template.render(HELLO, false));
    }

    @Test
    void missingTemplateFailsUnlessPlainFallbackIsAskedFor() {
        Path config = templateDir("no-template");
        ChatTemplateException error = assertThrows(ChatTemplateException.class,
                () -> TemplateFiles.of(config));
        assertTrue(error.getMessage().contains("no chat_template"), error.getMessage());
        ChatTemplate fallback = TemplateFiles.orPlain(config);
        assertTrue(fallback.isPlain());
    }

    @Test
    void missingConfigFileIsAClearError() {
        dev.cpotoolkit.tokenize.TokenizationException error = assertThrows(
                dev.cpotoolkit.tokenize.TokenizationException.class,
                () -> TemplateFiles.of(Path.of("no/such/tokenizer_config.json")));
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
        ChatTemplate qwen = TemplateFiles.of(templateDir("qwen2"));
        String text = qwen.renderContinuingFinalMessage(List.of(
                ChatMessage.user("Count"), ChatMessage.assistant("One, two,")));
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nCount<|im_end|>\n"
                + "<|im_start|>assistant\nOne, two,", text);
    }

    @Test
    void continuingKeepsTrailingSpaceOnlyWhereTheTemplateKeptIt() {
        List<ChatMessage> prefill = List.of(ChatMessage.user("Count"), ChatMessage.assistant("One, two, "));
        String qwen = TemplateFiles.of(templateDir("qwen2")).renderContinuingFinalMessage(prefill);
        assertTrue(qwen.endsWith("<|im_start|>assistant\nOne, two, "), qwen);
        String llama3 = TemplateFiles.of(templateDir("llama3")).renderContinuingFinalMessage(prefill);
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nCount<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nOne, two,", llama3, "the template trims the content");
    }

    @Test
    void continuingAndGenerationPromptTogetherAreRefusedAsInTransformers() {
        ChatTemplate qwen = TemplateFiles.of(templateDir("qwen2"));
        ChatTemplateException error = assertThrows(ChatTemplateException.class, () -> qwen.render(TWO_TURNS,
                ChatRenderOptions.defaults().withAddGenerationPrompt(true).withContinueFinalMessage(true)));
        assertTrue(error.getMessage().startsWith("continue_final_message and add_generation_prompt are not compatible."),
                error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "{{ '  x  '.strip() }}=>x",
        "{{ 'xxhixx'.strip('x') }}=>hi",
        "{{ '  x  '.lstrip() }}.=>x  .",
        "{{ '  x  '.rstrip() }}.=>`  x.`",
        "{{ 'hello'.startswith('he') }} {{ 'hello'.endswith('x') }}=>True False",
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
    void onlyTransformersSpecialTokensReachTheTemplate() {
        ChatTemplate template = ChatTemplate.of(
                "{{ bos_token }}|{{ eos_token }}|{{ foo_token }}|{{ pad_token }}|{{ additional_special_tokens }}",
                Map.of("bos_token", "<s>", "eos_token", "", "foo_token", "F"), List.of("<a>", "<b>"));
        assertEquals("<s>||||['<a>', '<b>']", template.render(List.of(), false),
                "empty tokens and names outside special_tokens_map are left out, as transformers does");
        assertEquals("F", template.specialTokens().get("foo_token"), "but still reported");
    }

    @Test
    void variablesOverrideSpecialTokens() {
        ChatTemplate template = ChatTemplate.of("{{ enable_thinking }} {{ bos_token }}", Map.of("bos_token", "<s>"));
        assertEquals("False override", template.render(List.of(), ChatRenderOptions.defaults()
                .withVariable("enable_thinking", false).withVariable("bos_token", "override")));
        assertThrows(IllegalArgumentException.class, () -> ChatRenderOptions.defaults().withVariable("messages", 1));
    }

    @Test
    void syntaxErrorsSurfaceWhenTheTemplateIsMadeAndNameTheLine() {
        ChatTemplateException error = assertThrows(ChatTemplateException.class, () -> ChatTemplate.of("a\n{% if %}"));
        assertFalse(error.raisedByTemplate());
        JinjaError cause = (JinjaError) error.getCause();
        assertEquals(2, cause.line());
        assertEquals("Expected an expression, got 'end of statement block'", cause.detail());
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
        ChatTemplateException unknownFilter = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("x\n{{ y | nofilter }}"));
        assertEquals("No filter named 'nofilter'.", ((JinjaError) unknownFilter.getCause()).detail());
    }

    @Test
    void brokenTemplateIsAChatTemplateException() {
        ChatTemplateException error = assertThrows(ChatTemplateException.class, () -> ChatTemplate.of("{% no_such_tag %}"));
        assertFalse(error.raisedByTemplate());
    }

    @Test
    void runtimeErrorsNameTheLine() {
        ChatTemplate template = ChatTemplate.of("line one\n{{ messages[0].content + 1 }}");
        ChatTemplateException error = assertThrows(ChatTemplateException.class, () -> template.render(HELLO, false));
        JinjaError cause = (JinjaError) error.getCause();
        assertEquals(JinjaError.Kind.TYPE, cause.kind());
        assertEquals(2, cause.line());
        assertEquals("can only concatenate str (not \"int\") to str", cause.detail());
    }

    @Test
    void renderingIsThreadSafe() throws Exception {
        ChatTemplate qwen3 = ChatTemplate.of(CorpusFiles.text("templates/qwen3-style.jinja"), Map.of("eos_token", "<|im_end|>"));
        String expected = qwen3.render(TWO_TURNS, true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> qwen3.render(TWO_TURNS, true)));
            }
            for (Future<String> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void templateChangesToMessagesStayInsideTheRendering() {
        ChatTemplate popper = ChatTemplate.of("{{ messages.pop().content }}{{ messages | length }}");
        List<ChatMessage> conversation = List.of(ChatMessage.user("a"), ChatMessage.assistant("b"));
        assertEquals("b1", popper.render(conversation, false));
        assertEquals("b1", popper.render(conversation, false), "the caller's messages are untouched");
    }
}
