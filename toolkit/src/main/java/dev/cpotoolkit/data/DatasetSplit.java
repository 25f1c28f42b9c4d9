package dev.cpotoolkit.data;

/**
 * A dataset divided into a training part and a held-out test part, from
 * {@link PreferenceDataset#split(double, long)}.
 *
 * @param train the examples to train on
 * @param test  the held-out examples
 */
public record DatasetSplit(PreferenceDataset train, PreferenceDataset test) {
}
