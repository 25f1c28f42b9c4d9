import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the Parquet files of the Hub dataset fixtures with parquet-java's writer, in the layouts
 * and schemas the Hub's datasets use (pyarrow's three-level lists, STRING-annotated binary):
 *
 * <ul>
 *   <li>ultrafeedback/main: trl-lib/ultrafeedback_binarized's columns (chosen and rejected message
 *       lists, score_chosen, score_rejected) as push_to_hub names its shards:
 *       data/train-00000-of-00002.parquet (Snappy, dictionary, several row groups),
 *       data/train-00001-of-00002.parquet (Zstd, data page v2), data/test-00000-of-00001.parquet;</li>
 *   <li>alma/main: haoranxu/ALMA-R-Preference's layout, one translation struct per row, per
 *       language-pair config (de-en/train-*, cs-en/train-*);</li>
 *   <li>converted/convert-parquet: the refs/convert/parquet branch, default/train/0000.parquet;</li>
 *   <li>wrongtype/main: a chosen column of int64.</li>
 * </ul>
 *
 * With a row count as second argument, writes only bench/train-00000-of-00001.parquet of that many
 * ultrafeedback-style rows (for the load-time measurement; not committed).
 */
public final class GenerateHubDatasetFixtures {

    private static final String MESSAGES = "optional group %s (LIST) { repeated group list { optional group element {"
            + " optional binary content (STRING); optional binary role (STRING); } } }";

    static final MessageType ULTRAFEEDBACK = MessageTypeParser.parseMessageType("message schema { "
            + MESSAGES.formatted("chosen") + " " + MESSAGES.formatted("rejected")
            + " optional double score_chosen; optional double score_rejected; }");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        if (args.length > 1) {
            int rows = Integer.parseInt(args[1]);
            write(root.resolve("bench/train-00000-of-00001.parquet"), ULTRAFEEDBACK, CompressionCodecName.SNAPPY,
                    128L * 1024 * 1024, false, rows, 0, GenerateHubDatasetFixtures::ultrafeedback);
            writeJsonl(root.resolve("bench/train.jsonl"), rows);
            return;
        }
        Path uf = root.resolve("ultrafeedback/main/data");
        // Small row groups: the 120 rows of the first shard land in several of them.
        write(uf.resolve("train-00000-of-00002.parquet"), ULTRAFEEDBACK, CompressionCodecName.SNAPPY, 2048, false,
                120, 0, GenerateHubDatasetFixtures::ultrafeedback);
        write(uf.resolve("train-00001-of-00002.parquet"), ULTRAFEEDBACK, CompressionCodecName.ZSTD, 1 << 20, true,
                30, 120, GenerateHubDatasetFixtures::ultrafeedback);
        write(uf.resolve("test-00000-of-00001.parquet"), ULTRAFEEDBACK, CompressionCodecName.SNAPPY, 1 << 20, false,
                10, 1000, GenerateHubDatasetFixtures::ultrafeedback);

        for (String pair : List.of("de-en", "cs-en")) {
            String xx = pair.substring(0, 2);
            MessageType schema = alma(xx);
            write(root.resolve("alma/main/" + pair + "/train-00000-of-00001.parquet"), schema,
                    CompressionCodecName.SNAPPY, 1 << 20, false, 6, 0,
                    (factory, i) -> almaRow(factory, xx, pair, i));
        }

        write(root.resolve("converted/convert-parquet/default/train/0000.parquet"), ULTRAFEEDBACK,
                CompressionCodecName.SNAPPY, 1 << 20, false, 8, 500, GenerateHubDatasetFixtures::ultrafeedback);

        MessageType wrong = MessageTypeParser.parseMessageType("message schema { optional binary prompt (STRING);"
                + " optional int64 chosen; optional binary rejected (STRING); }");
        write(root.resolve("wrongtype/main/data/train-00000-of-00001.parquet"), wrong, CompressionCodecName.SNAPPY,
                1 << 20, false, 3, 0, (factory, i) -> factory.newGroup().append("prompt", "p" + i)
                        .append("chosen", (long) i).append("rejected", "r" + i));
    }

    /** The same rows as JSON Lines, for comparing the loaders. */
    static void writeJsonl(Path file, int rows) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            String question = "What is " + i + " plus " + (i % 7) + "?";
            out.append("{\"chosen\": [{\"content\": \"").append(question)
                    .append("\", \"role\": \"user\"}, {\"content\": \"It is ").append(i + i % 7)
                    .append(".\", \"role\": \"assistant\"}], \"rejected\": [{\"content\": \"").append(question)
                    .append("\", \"role\": \"user\"}, {\"content\": \"Maybe ").append(i * 3 % 11)
                    .append(".\", \"role\": \"assistant\"}], \"score_chosen\": ").append(7.0 + i % 3)
                    .append(", \"score_rejected\": ").append(2.0 + i % 2).append("}\n");
        }
        Files.writeString(file, out);
        System.out.println(file + ": " + rows + " rows, " + Files.size(file) + " bytes");
    }

    interface RowMaker {
        Group make(SimpleGroupFactory factory, int index);
    }

    static void write(Path file, MessageType schema, CompressionCodecName codec, long rowGroupBytes, boolean v2,
                      int rows, int offset, RowMaker maker) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        SimpleGroupFactory factory = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(codec)
                .withDictionaryEncoding(true)
                .withRowGroupSize(rowGroupBytes)
                .withPageSize(1024)
                .withMinRowCountForPageSizeCheck(10)
                .withWriterVersion(v2 ? ParquetProperties.WriterVersion.PARQUET_2_0
                        : ParquetProperties.WriterVersion.PARQUET_1_0)
                .build()) {
            for (int i = 0; i < rows; i++) {
                writer.write(maker.make(factory, offset + i));
            }
        }
        System.out.println(file + ": " + rows + " rows, " + Files.size(file) + " bytes");
    }

    /** Row i: a question with one right and one wrong answer, the same user turn in both. */
    static Group ultrafeedback(SimpleGroupFactory factory, int i) {
        Group row = factory.newGroup();
        String question = "What is " + i + " plus " + (i % 7) + "?";
        messages(row.addGroup("chosen"), question, "It is " + (i + i % 7) + ".");
        messages(row.addGroup("rejected"), question, "Maybe " + (i * 3 % 11) + ".");
        row.append("score_chosen", 7.0 + (i % 3));
        row.append("score_rejected", 2.0 + (i % 2));
        return row;
    }

    private static void messages(Group list, String question, String answer) {
        list.addGroup("list").addGroup("element").append("content", question).append("role", "user");
        list.addGroup("list").addGroup("element").append("content", answer).append("role", "assistant");
    }

    /** The card's translation struct for pair xx-en: texts, then per-candidate kiwi, xcomet and their mean. */
    static MessageType alma(String xx) {
        StringBuilder fields = new StringBuilder("optional double Delta;");
        for (String lang : List.of(xx, "en")) {
            fields.append(" optional binary alma_").append(lang).append(" (STRING);");
            scores(fields, "alma_" + lang);
        }
        fields.append(" optional binary ").append(xx).append(" (STRING); optional binary en (STRING);");
        for (String lang : List.of(xx, "en")) {
            fields.append(" optional binary gpt4_").append(lang).append(" (STRING);");
            scores(fields, "gpt4_" + lang);
        }
        fields.append(" optional binary language_pair (STRING);");
        for (String lang : List.of(xx, "en")) {
            scores(fields, "ref_" + lang);
        }
        fields.append(" optional binary required_directions (STRING);");
        return MessageTypeParser.parseMessageType("message schema { optional group translation { " + fields
                + " } }");
    }

    private static void scores(StringBuilder fields, String prefix) {
        for (String metric : List.of("kiwi", "kiwi_xcomet", "xcomet")) {
            fields.append(" optional double ").append(prefix).append('_').append(metric).append(';');
        }
    }

    /**
     * Row i: by the scores, the reference wins in even rows, GPT-4 in odd ones; ALMA is last except
     * in row 3, where GPT-4 is last. Rows 4 and 5 carry a human judgement (Delta) instead.
     * Scores are kiwi, xcomet and their mean, as on the card.
     */
    static Group almaRow(SimpleGroupFactory factory, String xx, String pair, int i) {
        Group row = factory.newGroup();
        Group t = row.addGroup("translation");
        // Delta is the card's human-evaluation override: 0 in most rows, so the scores decide.
        t.append("Delta", i == 4 ? 0.3 : i == 5 ? -0.5 : 0.0);
        for (String lang : List.of(xx, "en")) {
            t.append("alma_" + lang, "alma " + lang + " " + i);
            appendScores(t, "alma_" + lang, i == 3 ? 0.80 : 0.70);
        }
        t.append(xx, "source " + xx + " " + i);
        t.append("en", "source en " + i);
        for (String lang : List.of(xx, "en")) {
            t.append("gpt4_" + lang, "gpt4 " + lang + " " + i);
            appendScores(t, "gpt4_" + lang, i == 3 ? 0.60 : i % 2 == 1 ? 0.95 : 0.85);
        }
        t.append("language_pair", pair);
        for (String lang : List.of(xx, "en")) {
            appendScores(t, "ref_" + lang, i % 2 == 0 ? 0.90 : 0.88);
        }
        t.append("required_directions", "");
        return row;
    }

    private static void appendScores(Group t, String prefix, double mean) {
        t.append(prefix + "_kiwi", round(mean + 0.02));
        t.append(prefix + "_kiwi_xcomet", round(mean));
        t.append(prefix + "_xcomet", round(mean - 0.02));
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", value));
    }
}
