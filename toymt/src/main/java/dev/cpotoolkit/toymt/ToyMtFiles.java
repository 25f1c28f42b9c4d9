package dev.cpotoolkit.toymt;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.PreferenceDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The on-disk layout of toy-mt: four JSONL files (fields in a fixed order,
 * {@code "\n"} line endings, UTF-8) and the tokenizer files. The dataset card
 * ({@code README.md}) is written by hand and is not touched here.
 *
 * <pre>
 * sft_train.jsonl    {"prompt", "completion", "error"}
 * pref_train.jsonl   {"prompt", "chosen", "rejected", "kind"}
 * dev.jsonl          {"prompt", "chosen", "rejected", "kind"}
 * test.jsonl         {"prompt", "chosen", "rejected", "kind"}
 * tokenizer.json, tokenizer_config.json
 * </pre>
 */
public final class ToyMtFiles {

    /** SFT pairs with noisy references. */
    public static final String SFT_TRAIN = "sft_train.jsonl";
    /** Preference triplets for training. */
    public static final String PREFERENCE_TRAIN = "pref_train.jsonl";
    /** Dev triplets. */
    public static final String DEV = "dev.jsonl";
    /** Test triplets (chosen = the correct translation). */
    public static final String TEST = "test.jsonl";
    /** Every generated file, in a fixed order (for byte-for-byte checks). */
    public static final List<String> GENERATED = List.of(SFT_TRAIN, PREFERENCE_TRAIN, DEV, TEST,
            "tokenizer.json", "tokenizer_config.json");

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private ToyMtFiles() {}

    /** Writes every generated file of {@code dataset} into {@code folder} (created if needed); returns it. */
    public static Path write(ToyMtDataset dataset, Path folder) {
        try {
            Files.createDirectories(folder);
            StringBuilder sft = new StringBuilder();
            for (ToyMtDataset.SftRow row : dataset.sftTrain()) {
                JsonObject json = new JsonObject();
                json.addProperty("prompt", row.prompt());
                json.addProperty("completion", row.completion());
                json.addProperty("error", row.error().label());
                sft.append(GSON.toJson(json)).append('\n');
            }
            Files.writeString(folder.resolve(SFT_TRAIN), sft, StandardCharsets.UTF_8);
            writeTriplets(dataset.preferenceTrain(), folder.resolve(PREFERENCE_TRAIN));
            writeTriplets(dataset.dev(), folder.resolve(DEV));
            writeTriplets(dataset.test(), folder.resolve(TEST));
            ToyMtTokenizerFiles.write(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write toy-mt into " + folder, e);
        }
    }

    private static void writeTriplets(List<ToyMtDataset.PreferenceRow> rows, Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        for (ToyMtDataset.PreferenceRow row : rows) {
            JsonObject json = new JsonObject();
            json.addProperty("prompt", row.prompt());
            json.addProperty("chosen", row.chosen());
            json.addProperty("rejected", row.rejected());
            json.addProperty("kind", row.kind().label());
            out.append(GSON.toJson(json)).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    /** Reads a folder written by {@link #write} back into memory. */
    public static ToyMtDataset read(Path folder) {
        List<ToyMtDataset.SftRow> sft = new ArrayList<>();
        for (JsonObject json : lines(folder.resolve(SFT_TRAIN))) {
            sft.add(new ToyMtDataset.SftRow(json.get("prompt").getAsString(), json.get("completion").getAsString(),
                    kind(json.get("error").getAsString())));
        }
        return new ToyMtDataset(List.copyOf(sft), readTriplets(folder.resolve(PREFERENCE_TRAIN)),
                readTriplets(folder.resolve(DEV)), readTriplets(folder.resolve(TEST)));
    }

    /** A triplet file as a trainer dataset (the {@code kind} field is ignored, as extra fields are). */
    public static PreferenceDataset preferences(Path file) {
        return PreferenceDataset.fromJsonl(file);
    }

    private static List<ToyMtDataset.PreferenceRow> readTriplets(Path file) {
        List<ToyMtDataset.PreferenceRow> rows = new ArrayList<>();
        for (JsonObject json : lines(file)) {
            rows.add(new ToyMtDataset.PreferenceRow(json.get("prompt").getAsString(),
                    json.get("chosen").getAsString(), json.get("rejected").getAsString(),
                    kind(json.get("kind").getAsString())));
        }
        return List.copyOf(rows);
    }

    private static ErrorKind kind(String label) {
        return ErrorKind.valueOf(label.toUpperCase(Locale.ROOT));
    }

    private static List<JsonObject> lines(Path file) {
        try {
            List<JsonObject> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
