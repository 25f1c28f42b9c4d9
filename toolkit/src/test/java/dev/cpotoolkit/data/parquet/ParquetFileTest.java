package dev.cpotoolkit.data.parquet;

import com.google.gson.JsonObject;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the committed fixtures written by parquet-java's own writer
 * (src/test/fixtures-generator) and checks they cover what they claim:
 * Snappy and Zstd, dictionary pages, data pages v2, several row groups.
 */
class ParquetFileTest {

    static Path fixture(String relative) {
        try {
            return Path.of(ParquetFileTest.class.getResource("/hub-datasets/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException missing) {
            throw new IllegalStateException("no fixture " + relative, missing);
        }
    }

    private static List<JsonObject> rows(ParquetFile file) {
        List<JsonObject> rows = new ArrayList<>();
        file.forEachRow(null, (group, row, fields) -> {
            assertEquals(rows.size(), row);
            rows.add(fields);
        });
        return rows;
    }

    @ParameterizedTest
    @CsvSource({
            "ultrafeedback/main/data/train-00000-of-00002.parquet, 120, 0,    SNAPPY, 3",
            "ultrafeedback/main/data/train-00001-of-00002.parquet, 30,  120,  ZSTD,   1, DATA_PAGE_V2",
            "ultrafeedback/main/data/test-00000-of-00001.parquet,  10,  1000, SNAPPY, 1"})
    void readsConversationalRowsWhateverTheCodecAndLayout(String name, int rowCount, int firstIndex, String codec,
                                                          int minRowGroups) {
        ParquetFile file = ParquetFile.open(fixture(name));
        List<RowGroup> groups = file.metadata().getRow_groups();
        assertTrue(groups.size() >= minRowGroups, "row groups: " + groups.size());
        Set<CompressionCodec> codecs = groups.stream().flatMap(g -> g.getColumns().stream())
                .map(c -> c.getMeta_data().getCodec()).collect(Collectors.toSet());
        assertEquals(Set.of(CompressionCodec.valueOf(codec)), codecs);
        // Dictionary-encoded text columns, as pyarrow writes them by default (the roles repeat).
        ColumnChunk content = groups.get(0).getColumns().stream()
                .filter(c -> c.getMeta_data().getPath_in_schema().equals(List.of("chosen", "list", "element", "role")))
                .findFirst().orElseThrow();
        assertTrue(content.getMeta_data().getEncodings().stream().anyMatch(
                e -> e == Encoding.PLAIN_DICTIONARY || e == Encoding.RLE_DICTIONARY), "encodings of "
                + content.getMeta_data().getPath_in_schema() + ": " + content.getMeta_data().getEncodings());

        List<JsonObject> rows = rows(file);
        assertEquals(rowCount, rows.size());
        assertEquals(rowCount, file.rowCount());
        for (int k = 0; k < rows.size(); k++) {
            int i = firstIndex + k;
            JsonObject row = rows.get(k);
            assertEquals("What is " + i + " plus " + (i % 7) + "?",
                    row.getAsJsonArray("chosen").get(0).getAsJsonObject().get("content").getAsString());
            assertEquals("user", row.getAsJsonArray("rejected").get(0).getAsJsonObject().get("role").getAsString());
            assertEquals("It is " + (i + i % 7) + ".",
                    row.getAsJsonArray("chosen").get(1).getAsJsonObject().get("content").getAsString());
            assertEquals("Maybe " + (i * 3 % 11) + ".",
                    row.getAsJsonArray("rejected").get(1).getAsJsonObject().get("content").getAsString());
            assertEquals(7.0 + i % 3, row.get("score_chosen").getAsDouble());
            assertEquals(2.0 + i % 2, row.get("score_rejected").getAsDouble());
        }
        assertEquals("list<struct<content: string, role: string>>", file.columnType("chosen").orElseThrow());
        assertEquals("double", file.columnType("score_chosen").orElseThrow());
    }

    @Test
    void readsDataPagesV2() throws IOException {
        // The Zstd shard is written as Parquet 2.0: its pages are DATA_PAGE_V2 (checked on the raw bytes' headers).
        ParquetFile file = ParquetFile.open(fixture("ultrafeedback/main/data/train-00001-of-00002.parquet"));
        byte[] bytes = Files.readAllBytes(file.path());
        ColumnChunk chunk = file.metadata().getRow_groups().get(0).getColumns().get(0);
        long offset = chunk.getMeta_data().getData_page_offset();
        org.apache.parquet.format.PageHeader header = org.apache.parquet.format.Util.readPageHeader(
                new java.io.ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset));
        assertEquals(PageType.DATA_PAGE_V2, header.getType());
    }

    @Test
    void projectionReadsOnlyTheColumnsAskedFor() {
        ParquetFile file = ParquetFile.open(fixture("ultrafeedback/main/data/test-00000-of-00001.parquet"));
        List<JsonObject> rows = new ArrayList<>();
        file.forEachRow(List.of("score_chosen"), (g, r, fields) -> rows.add(fields));
        assertEquals(Set.of("score_chosen"), rows.get(0).keySet());
        assertEquals(10, rows.size());
    }

    @Test
    void readsAStructColumn() {
        ParquetFile file = ParquetFile.open(fixture("alma/main/de-en/train-00000-of-00001.parquet"));
        List<JsonObject> rows = rows(file);
        JsonObject translation = rows.get(1).getAsJsonObject("translation");
        assertEquals("gpt4 en 1", translation.get("gpt4_en").getAsString());
        assertEquals(0.95, translation.get("gpt4_en_kiwi_xcomet").getAsDouble());
        assertEquals("de-en", translation.get("language_pair").getAsString());
    }

    @Test
    void aTruncatedFileIsACorruptFooterNamingTheFile(@TempDir Path temp) throws IOException {
        Path good = fixture("ultrafeedback/main/data/test-00000-of-00001.parquet");
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = temp.resolve("train-00000-of-00001.parquet");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        ParquetException error = assertThrows(ParquetException.class, () -> ParquetFile.open(truncated));
        assertTrue(error.getMessage().startsWith(truncated + ": corrupt Parquet footer"), error.getMessage());
    }

    @Test
    void aFooterThatDoesNotDecodeIsReported(@TempDir Path temp) throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("ultrafeedback/main/data/test-00000-of-00001.parquet"));
        int footerLength = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        for (int i = bytes.length - 8 - footerLength; i < bytes.length - 8; i++) {
            bytes[i] = (byte) 0xff;
        }
        Path broken = temp.resolve("broken.parquet");
        Files.write(broken, bytes);
        ParquetException error = assertThrows(ParquetException.class, () -> ParquetFile.open(broken));
        assertTrue(error.getMessage().contains(broken + ": corrupt Parquet footer: its metadata does not decode"),
                error.getMessage());
    }

    @Test
    void aDamagedPageNamesFileRowGroupAndColumn(@TempDir Path temp) throws IOException {
        Path good = fixture("ultrafeedback/main/data/train-00000-of-00002.parquet");
        ParquetFile original = ParquetFile.open(good);
        RowGroup second = original.metadata().getRow_groups().get(1);
        ColumnChunk scores = second.getColumns().stream()
                .filter(c -> c.getMeta_data().getPath_in_schema().equals(List.of("score_chosen"))).findFirst()
                .orElseThrow();
        byte[] bytes = Files.readAllBytes(good);
        long start = scores.getMeta_data().getData_page_offset();
        for (long i = start; i < start + scores.getMeta_data().getTotal_compressed_size(); i++) {
            bytes[(int) i] = (byte) 0x7f;
        }
        Path damaged = temp.resolve("damaged.parquet");
        Files.write(damaged, bytes);
        ParquetException error = assertThrows(ParquetException.class,
                () -> ParquetFile.open(damaged).forEachRow(null, (g, r, f) -> { }));
        assertTrue(error.getMessage().startsWith(damaged + ", row group 1, column score_chosen: "),
                error.getMessage());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path temp) {
        Path missing = temp.resolve("nothing.parquet");
        ParquetException error = assertThrows(ParquetException.class, () -> ParquetFile.open(missing));
        assertEquals(missing + ": file not found", error.getMessage());
    }
}
