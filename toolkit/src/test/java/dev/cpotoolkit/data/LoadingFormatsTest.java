package dev.cpotoolkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpotoolkit.data.chat.ChatTemplate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadingFormatsTest {

    @TempDir
    Path dir;

    private static final List<PreferenceExample> EXPECTED = List.of(
            new PreferenceExample("Say hi", " hi, friend", " go away"),
            new PreferenceExample("Say hi", " hello", " no"));

    @Test
    void jsonlIgnoresBlankLinesAndExtraFieldsAndKeepsLineNumbers() {
        Path file = TestFiles.write(dir, "d.jsonl", """
                {"prompt": "Say hi", "chosen": " hi, friend", "rejected": " go away", "score": 3}

                {"prompt": "Say hi", "chosen": " hello", "rejected": " no"}
                """);
        PreferenceDataset data = PreferenceDataset.load(file);
        assertEquals(EXPECTED, data.examples());
        assertEquals(3, data.sourceOf(1).line());
        assertEquals(1, data.sourceOf(1).row());
        assertEquals(file, data.sourceOf(1).file());
    }

    @Test
    void jsonArrayOfRows() {
        Path file = TestFiles.write(dir, "d.json", """
                [{"prompt": "Say hi", "chosen": " hi, friend", "rejected": " go away"},
                 {"prompt": "Say hi", "chosen": " hello", "rejected": " no"}]
                """);
        assertEquals(EXPECTED, PreferenceDataset.fromJson(file).examples());
    }

    @Test
    void jsonObjectOfColumnsLikeTrlDocs() {
        Path file = TestFiles.write(dir, "d.json", """
                {"prompt": ["Say hi", "Say hi"],
                 "chosen": [" hi, friend", " hello"],
                 "rejected": [" go away", " no"]}
                """);
        assertEquals(EXPECTED, PreferenceDataset.load(file).examples());
    }

    @Test
    void csvWithQuotedCommasNewlinesQuotesAndCrlf() {
        Path file = TestFiles.write(dir, "d.csv", "prompt,chosen,rejected\r\n"
                + "\"Say \"\"hi\"\"\",\" hi, friend\",\" go away\"\r\n"
                + "\"Two\nlines\",\" a\r\nb\", c\r\n"
                + "\r\n"
                + "x,\"\",y");
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(file));
        assertEquals(7, error.line().getAsInt(), "the row after a three-line quoted record and a blank line");
        assertEquals(2, error.row().getAsInt());
        assertEquals("chosen", error.field().orElseThrow());

        PreferenceDataset data = PreferenceDataset.loader().skipInvalid(true).load(file);
        assertEquals(List.of(
                new PreferenceExample("Say \"hi\"", " hi, friend", " go away"),
                new PreferenceExample("Two\nlines", " a\r\nb", " c")), data.examples());
        assertEquals(3, data.sourceOf(1).line());
        assertEquals(1, data.loadReport().skipped().size());
    }

    @Test
    void csvWithoutPromptColumnUsesImplicitPrompts() {
        Path file = TestFiles.write(dir, "d.csv", "chosen,rejected\nQ: 2+2? A: 4,Q: 2+2? A: 5\n");
        assertEquals(new PreferenceExample("Q: 2+2? A:", " 4", " 5"), PreferenceDataset.fromCsv(file).get(0));
    }

    @Test
    void directoryWithTrainJsonlOrASingleDataFile() {
        TestFiles.write(dir, "a/train.jsonl", "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"}\n");
        TestFiles.write(dir, "a/other.csv", "prompt,chosen,rejected\nq,x,y\n");
        assertEquals("p", PreferenceDataset.load(dir.resolve("a")).get(0).prompt());
        TestFiles.write(dir, "b/only.csv", "prompt,chosen,rejected\nq,x,y\n");
        assertEquals("q", PreferenceDataset.load(dir.resolve("b")).get(0).prompt());
        TestFiles.write(dir, "c/one.csv", "prompt,chosen,rejected\nq,x,y\n");
        TestFiles.write(dir, "c/two.json", "[]");
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> PreferenceDataset.load(dir.resolve("c")));
        assertTrue(error.getMessage().contains("several data files"), error.getMessage());
    }

    @Test
    void extensionIsCaseInsensitive() {
        Path file = TestFiles.write(dir, "D.JSONL", "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"}");
        assertEquals(1, PreferenceDataset.load(file).size());
    }

    @Test
    void conversationalRowsWithExplicitPromptUseTheChatTemplate() {
        Path file = TestFiles.write(dir, "chat.jsonl", """
                {"prompt": [{"role": "user", "content": "What color is the sky?"}], \
                "chosen": [{"role": "assistant", "content": "It is blue."}], \
                "rejected": [{"role": "assistant", "content": "It is green."}]}
                """);
        ChatTemplate chatml = ChatTemplate.of("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
                + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
                + "{{ '<|im_start|>assistant\\n' }}{% endif %}");
        PreferenceExample example = PreferenceDataset.loader().chatTemplate(chatml).load(file).get(0);
        assertEquals(new PreferenceExample(
                "<|im_start|>user\nWhat color is the sky?<|im_end|>\n<|im_start|>assistant\n",
                "It is blue.<|im_end|>\n", "It is green.<|im_end|>\n"), example);
    }

    @Test
    void implicitConversationalRowsShareTheirLeadingMessages() {
        Path file = TestFiles.write(dir, "chat.json", """
                [{"chosen": [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "Hi"},
                             {"role": "assistant", "content": "Hello!"}],
                  "rejected": [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "Hi"},
                               {"role": "assistant", "content": "Go away."}]}]
                """);
        PreferenceExample example = PreferenceDataset.load(file).get(0);
        assertEquals(new PreferenceExample("System: Be kind.\nUser: Hi\nAssistant:", " Hello!\n", " Go away.\n"),
                example, "rendered with the plain fallback template");
    }

    @Test
    void promptEndingWithAssistantIsContinued() {
        Path file = TestFiles.write(dir, "chat.jsonl", """
                {"prompt": [{"role": "user", "content": "Count"}, {"role": "assistant", "content": "One,"}], \
                "chosen": [{"role": "assistant", "content": " two"}], \
                "rejected": [{"role": "assistant", "content": " five"}]}
                """);
        PreferenceExample example = PreferenceDataset.load(file).get(0);
        assertEquals("User: Count\nAssistant: One,", example.prompt());
        assertEquals("\nAssistant:  two\n", example.chosen());
    }

    @Test
    void llama2TemplateRaisingIsARowErrorNamingTheField() {
        Path file = TestFiles.write(dir, "chat.jsonl", """
                {"prompt": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], \
                "chosen": [{"role": "assistant", "content": "c"}], \
                "rejected": [{"role": "assistant", "content": "d"}]}
                """);
        ChatTemplate llama2 = dev.cpotoolkit.data.chat.TemplateFiles.of(
                dev.cpotoolkit.data.chat.ChatTemplateTest.templateDir("llama2"));
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> PreferenceDataset.loader().chatTemplate(llama2).load(file));
        assertEquals("prompt", error.field().orElseThrow());
        assertEquals(1, error.line().getAsInt());
        assertTrue(error.getMessage().contains("roles must alternate"), error.getMessage());
    }
}
