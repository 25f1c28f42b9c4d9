package dev.cpotoolkit.data.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;

import java.util.List;
import java.util.Map;

/** One row group's column chunks, by column path, as parquet-java's record reader asks for them. */
final class RowGroupPages implements PageReadStore {

    private final long rowCount;
    private final Map<List<String>, ColumnChunkPages> chunks;

    RowGroupPages(long rowCount, Map<List<String>, ColumnChunkPages> chunks) {
        this.rowCount = rowCount;
        this.chunks = chunks;
    }

    @Override
    public PageReader getPageReader(ColumnDescriptor descriptor) {
        ColumnChunkPages pages = chunks.get(List.of(descriptor.getPath()));
        if (pages == null) {
            throw new ParquetException("column " + String.join(".", descriptor.getPath())
                    + " has no column chunk in this row group");
        }
        return pages;
    }

    @Override
    public long getRowCount() {
        return rowCount;
    }
}
