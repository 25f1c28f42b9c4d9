import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

import java.nio.file.Path;

/**
 * The alternative measured in README "Hub datasets": parquet-hadoop's own file reader (which needs
 * Hadoop's classes at run time for its codecs) over the same file, assembled into the same Group
 * records the toolkit's reader assembles.
 */
public final class ReadWithParquetHadoop {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long rows = 0;
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(Path.of(args[0])), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            for (PageReadStore pages; (pages = reader.readNextRowGroup()) != null; ) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++, rows++) {
                    records.read();
                }
            }
        }
        System.out.printf("parquet-hadoop: %d rows in %.2f s%n", rows, (System.nanoTime() - start) / 1e9);
    }
}
