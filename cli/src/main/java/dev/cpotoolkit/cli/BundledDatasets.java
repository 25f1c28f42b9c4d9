package dev.cpotoolkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The small datasets of the repository's {@code datasets/} folder, which the
 * build embeds in the jar (under {@code datasets/}) so the no-argument
 * {@code cpo train} works from any directory. They are copied into the run
 * folder, so a run records exactly the data it saw.
 */
final class BundledDatasets {

    /** The dataset of the quick-start run. */
    static final String SEED_CHAT = "seed-chat";

    private static final List<String> FILES = List.of("train.jsonl", "README.md");

    private BundledDatasets() {}

    /**
     * Copies dataset {@code name}'s files into {@code folder}.
     *
     * @return {@code folder}, loadable with {@link dev.cpotoolkit.data.PreferenceDataset#load}
     * @throws IllegalStateException when the jar lacks the dataset (a build without resources)
     */
    static Path extract(String name, Path folder) {
        try {
            Files.createDirectories(folder);
            for (String file : FILES) {
                String resource = "/datasets/" + name + "/" + file;
                try (InputStream in = BundledDatasets.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        if (file.equals("train.jsonl")) {
                            throw new IllegalStateException("bundled dataset " + resource
                                    + " is missing from the class path; rebuild the toolkit");
                        }
                        continue;
                    }
                    Files.copy(in, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled dataset into " + folder, e);
        }
    }
}
