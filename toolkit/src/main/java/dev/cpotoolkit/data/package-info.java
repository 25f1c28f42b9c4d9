/**
 * Preference datasets: loading prompt/chosen/rejected triplets from TRL-style columns, JSONL,
 * JSON and CSV, rendering conversational rows with a chat template, splitting implicit prompts,
 * and the notebook operations on the result ({@link dev.cpotoolkit.data.PreferenceDataset}).
 *
 * <p>Entry points: {@link dev.cpotoolkit.data.PreferenceDataset#load(java.nio.file.Path)},
 * {@link dev.cpotoolkit.data.PreferenceDataset#fromColumns(java.util.Map)} and, for options,
 * {@link dev.cpotoolkit.data.PreferenceDataset#loader()}. Bad input raises
 * {@link dev.cpotoolkit.data.DatasetFormatException} naming file, line/row and field; skipping
 * invalid rows is an explicit opt-in whose {@link dev.cpotoolkit.data.LoadReport} lists every
 * skipped row.
 */
package dev.cpotoolkit.data;
