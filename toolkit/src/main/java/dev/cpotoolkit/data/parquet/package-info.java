/**
 * Reading Parquet files, the format Hub datasets are published in, without
 * Hadoop: {@link dev.cpotoolkit.data.parquet.ParquetFile} turns each row into
 * the JSON object the JSONL/JSON/CSV readers give, so one set of row rules
 * applies to every format. README "Hub datasets" says why this reader.
 */
package dev.cpotoolkit.data.parquet;
