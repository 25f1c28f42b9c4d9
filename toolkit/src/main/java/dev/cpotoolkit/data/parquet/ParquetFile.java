package dev.cpotoolkit.data.parquet;

import com.google.gson.JsonObject;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Parquet file read row by row into JSON objects, without Hadoop.
 *
 * <p>The footer and page headers are decoded with parquet-java's Thrift
 * structures ({@code parquet-format-structures}), pages are decompressed here,
 * and parquet-java's own column readers and record assembly
 * ({@code parquet-column}) turn them into records: every encoding
 * {@code pyarrow} writes (plain, dictionary, RLE, delta, byte-stream-split),
 * data pages v1 and v2, nested lists and structs. What {@code parquet-hadoop}
 * adds on top (Hadoop's file system and codec classes) is exactly what is
 * left out. A file is read one row group at a time, and only the columns asked for.
 *
 * <pre>{@code
 * ParquetFile file = ParquetFile.open(Path.of("train-00000-of-00001.parquet"));
 * file.forEachRow(null, (rowGroup, row, json) -> System.out.println(json));
 * }</pre>
 */
public final class ParquetFile {

    /** Receives each row. */
    @FunctionalInterface
    public interface RowVisitor {
        /**
         * One row.
         *
         * @param rowGroup the row group it is in, from 0
         * @param row      its index in the file, from 0
         * @param fields   its columns as JSON values
         */
        void row(int rowGroup, long row, JsonObject fields);
    }

    private final Path path;
    private final FileMetaData meta;
    private final MessageType schema;

    private ParquetFile(Path path, FileMetaData meta, MessageType schema) {
        this.path = path;
        this.meta = meta;
        this.schema = schema;
    }

    /**
     * Reads the footer and schema.
     *
     * @throws ParquetException naming the file when it is missing, unreadable or not valid Parquet
     */
    public static ParquetFile open(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            FileMetaData meta = ParquetFooter.read(channel);
            return new ParquetFile(path, meta, ParquetSchemas.toMessageType(meta.getSchema()));
        } catch (NoSuchFileException missing) {
            throw new ParquetException(path + ": file not found", missing);
        } catch (ParquetException bad) {
            throw new ParquetException(path + ": " + bad.getMessage(), bad);
        } catch (IOException | RuntimeException unreadable) {
            throw new ParquetException(path + ": cannot read the Parquet footer: " + unreadable, unreadable);
        }
    }

    /** The footer as decoded, for tests that check what a fixture covers (codecs, encodings). */
    FileMetaData metadata() {
        return meta;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The schema, as parquet-java states it. */
    public MessageType schema() {
        return schema;
    }

    /** The number of rows the footer declares. */
    public long rowCount() {
        return meta.getNum_rows();
    }

    /** The number of row groups. */
    public int rowGroupCount() {
        return meta.getRow_groups().size();
    }

    /** The names of the top-level columns, in file order. */
    public List<String> columnNames() {
        return schema.getFields().stream().map(Type::getName).toList();
    }

    /**
     * A top-level column's type in short form ({@code string}, {@code double},
     * {@code list<struct<content: string, role: string>>}), if the file has it.
     */
    public Optional<String> columnType(String column) {
        return schema.containsField(column) ? Optional.of(ParquetSchemas.describe(schema.getType(column)))
                : Optional.empty();
    }

    /**
     * Reads every row, in order.
     *
     * @param columns the top-level columns to read (others are not decoded), or null for all
     * @throws ParquetException naming the file, row group and column of any page that does not decode
     */
    public void forEachRow(Collection<String> columns, RowVisitor visitor) {
        MessageType requested = columns == null ? schema : new MessageType(schema.getName(),
                schema.getFields().stream().filter(f -> columns.contains(f.getName())).toList());
        MessageColumnIO io = new ColumnIOFactory().getColumnIO(requested, schema);
        long row = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            List<RowGroup> groups = meta.getRow_groups();
            for (int g = 0; g < groups.size(); g++) {
                RowGroup group = groups.get(g);
                RowGroupPages pages = readRowGroup(channel, g, group, requested);
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(requested));
                for (long r = 0; r < group.getNum_rows(); r++, row++) {
                    Group record;
                    try {
                        record = records.read();
                    } catch (RuntimeException bad) {
                        throw new ParquetException(path + ", row group " + g + ", row " + row
                                + ": the record does not decode: " + bad.getMessage(), bad);
                    }
                    visitor.row(g, row, GroupJson.toJson(record, requested));
                }
            }
        } catch (IOException unreadable) {
            throw new ParquetException(path + ": cannot read: " + unreadable, unreadable);
        }
    }

    private RowGroupPages readRowGroup(FileChannel channel, int index, RowGroup group, MessageType requested)
            throws IOException {
        Map<List<String>, ColumnChunkPages> chunks = new HashMap<>();
        for (ColumnChunk chunk : group.getColumns()) {
            ColumnMetaData column = chunk.getMeta_data();
            List<String> columnPath = List.copyOf(column.getPath_in_schema());
            if (!requested.containsPath(columnPath.toArray(String[]::new))) {
                continue;
            }
            String where = path + ", row group " + index + ", column " + String.join(".", columnPath);
            try {
                long start = column.isSetDictionary_page_offset() && column.getDictionary_page_offset() > 0
                        ? Math.min(column.getDictionary_page_offset(), column.getData_page_offset())
                        : column.getData_page_offset();
                long length = column.getTotal_compressed_size();
                if (length > Integer.MAX_VALUE - 8) {
                    throw new ParquetException("column chunk of " + length + " bytes is over 2 GiB");
                }
                byte[] bytes = ParquetIo.readFully(channel, start, (int) length);
                chunks.put(columnPath, ColumnChunkPages.decode(
                        schema.getColumnDescription(columnPath.toArray(String[]::new)), column, bytes));
            } catch (IOException | RuntimeException bad) {
                throw new ParquetException(where + ": " + bad.getMessage(), bad);
            }
        }
        return new RowGroupPages(group.getNum_rows(), chunks);
    }

    @Override
    public String toString() {
        return "ParquetFile[" + path + ", " + rowCount() + " rows in " + rowGroupCount() + " row groups]";
    }
}
