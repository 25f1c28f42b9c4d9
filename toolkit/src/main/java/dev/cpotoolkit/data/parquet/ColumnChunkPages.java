package dev.cpotoolkit.data.parquet;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The pages of one column chunk, decoded from its bytes into parquet-java's
 * page objects: what {@code parquet-hadoop}'s file reader does, without its
 * Hadoop classes. The chunk is read whole (a row group's column), its page
 * headers walked in order, and each page decompressed; parquet-java's column
 * readers then do the encodings (plain, dictionary, RLE, delta) and levels.
 */
final class ColumnChunkPages implements PageReader {

    private final DictionaryPage dictionary;
    private final Deque<DataPage> pages;
    private final long valueCount;

    private ColumnChunkPages(DictionaryPage dictionary, Deque<DataPage> pages, long valueCount) {
        this.dictionary = dictionary;
        this.pages = pages;
        this.valueCount = valueCount;
    }

    /**
     * Splits a column chunk's bytes into pages.
     *
     * @param chunk the bytes from the chunk's first page to its end
     */
    static ColumnChunkPages decode(ColumnDescriptor column, ColumnMetaData meta, byte[] chunk) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(chunk);
        DictionaryPage dictionary = null;
        Deque<DataPage> pages = new ArrayDeque<>();
        long valuesSeen = 0;
        Statistics<?> noStatistics = Statistics.getBuilderForReading(column.getPrimitiveType()).build();
        while (valuesSeen < meta.getNum_values() && in.available() > 0) {
            PageHeader header = Util.readPageHeader(in);
            int compressedSize = header.getCompressed_page_size();
            if (compressedSize < 0 || compressedSize > in.available()) {
                throw new ParquetException("page header claims " + compressedSize + " bytes, only "
                        + in.available() + " remain in the column chunk");
            }
            byte[] payload = in.readNBytes(compressedSize);
            int uncompressedSize = header.getUncompressed_page_size();
            switch (header.getType()) {
                case DICTIONARY_PAGE -> {
                    byte[] bytes = PageDecompressor.decompress(meta.getCodec(), payload, uncompressedSize);
                    dictionary = new DictionaryPage(BytesInput.from(bytes),
                            header.getDictionary_page_header().getNum_values(),
                            encoding(header.getDictionary_page_header().getEncoding()));
                }
                case DATA_PAGE -> {
                    DataPageHeader data = header.getData_page_header();
                    byte[] bytes = PageDecompressor.decompress(meta.getCodec(), payload, uncompressedSize);
                    pages.add(new DataPageV1(BytesInput.from(bytes), data.getNum_values(), uncompressedSize,
                            noStatistics, encoding(data.getRepetition_level_encoding()),
                            encoding(data.getDefinition_level_encoding()), encoding(data.getEncoding())));
                    valuesSeen += data.getNum_values();
                }
                case DATA_PAGE_V2 -> {
                    DataPageHeaderV2 data = header.getData_page_header_v2();
                    // V2 keeps the levels uncompressed in front of the (possibly compressed) values.
                    int repetitionLength = data.getRepetition_levels_byte_length();
                    int definitionLength = data.getDefinition_levels_byte_length();
                    int levels = repetitionLength + definitionLength;
                    byte[] values = Arrays.copyOfRange(payload, levels, payload.length);
                    if (!data.isSetIs_compressed() || data.isIs_compressed()) {
                        values = PageDecompressor.decompress(meta.getCodec(), values, uncompressedSize - levels);
                    }
                    pages.add(DataPageV2.uncompressed(data.getNum_rows(), data.getNum_nulls(), data.getNum_values(),
                            BytesInput.from(Arrays.copyOfRange(payload, 0, repetitionLength)),
                            BytesInput.from(Arrays.copyOfRange(payload, repetitionLength, levels)),
                            encoding(data.getEncoding()), BytesInput.from(values), noStatistics));
                    valuesSeen += data.getNum_values();
                }
                default -> {
                    // Index pages carry nothing a reader needs.
                }
            }
        }
        if (valuesSeen != meta.getNum_values()) {
            throw new ParquetException("the column chunk ended after " + valuesSeen + " of its "
                    + meta.getNum_values() + " values");
        }
        return new ColumnChunkPages(dictionary, pages, valuesSeen);
    }

    private static Encoding encoding(org.apache.parquet.format.Encoding thrift) {
        return Encoding.valueOf(thrift.name());
    }

    @Override
    public DictionaryPage readDictionaryPage() {
        return dictionary;
    }

    @Override
    public long getTotalValueCount() {
        return valueCount;
    }

    @Override
    public DataPage readPage() {
        return pages.poll();
    }
}
