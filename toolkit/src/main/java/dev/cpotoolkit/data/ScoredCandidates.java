package dev.cpotoolkit.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Preference pairs built from rows that hold several scored candidate answers,
 * as the CPO paper built its data: the highest-scoring candidate is chosen, the
 * lowest-scoring one rejected. Give it to {@link PreferenceLoader#scoredCandidates}.
 *
 * <p>{@link #almaR(String...)} is the paper's own construction over
 * {@code haoranxu/ALMA-R-Preference}, whose rows keep one {@code translation}
 * struct: the source and reference sentences under their language codes
 * ({@code de}, {@code en}), the GPT-4 and ALMA-13B-LoRA translations
 * ({@code gpt4_en}, {@code alma_en}), each with {@code _kiwi}, {@code _xcomet}
 * and {@code _kiwi_xcomet} scores ({@code ref_en_kiwi_xcomet} scores the
 * reference), {@code Delta} (a human judgement: positive prefers GPT-4,
 * negative ALMA, 0 none), {@code language_pair} and {@code required_directions}.
 *
 * <pre>{@code
 * PreferenceDataset pairs = PreferenceDataset.loader()
 *         .scoredCandidates(ScoredCandidates.almaR("de-en", "en-de"))
 *         .fromHub("haoranxu/ALMA-R-Preference:de-en");
 * }</pre>
 *
 * <p>{@link #of(String, List, List)} is the same rule over flat columns of any dataset.
 */
public final class ScoredCandidates {

    /** ALMA's language names, used in its prompt ({@code Translate this from German to English:}). */
    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("en", "English"), Map.entry("de", "German"), Map.entry("cs", "Czech"),
            Map.entry("is", "Icelandic"), Map.entry("zh", "Chinese"), Map.entry("ru", "Russian"),
            Map.entry("ja", "Japanese"), Map.entry("uk", "Ukrainian"), Map.entry("fr", "French"),
            Map.entry("ha", "Hausa"), Map.entry("nl", "Dutch"), Map.entry("da", "Danish"),
            Map.entry("es", "Spanish"), Map.entry("it", "Italian"), Map.entry("pt", "Portuguese"));

    /** The score suffixes ALMA-R-Preference carries. */
    private static final Set<String> ALMA_SCORERS = Set.of("kiwi", "xcomet", "kiwi_xcomet");

    private final String description;
    private final Function<Row, List<JsonObject>> rule;

    private ScoredCandidates(String description, Function<Row, List<JsonObject>> rule) {
        this.description = description;
        this.rule = rule;
    }

    /** A row being shaped, with where it came from for error messages. */
    record Row(ExampleSource source, JsonObject fields) {}

    /**
     * The ALMA-R construction for these translation directions, scored by
     * {@code kiwi_xcomet} (the mean of KIWI-XXL and XCOMET, as the dataset
     * card describes): see {@link #almaR(List, String)}.
     */
    public static ScoredCandidates almaR(String... directions) {
        return almaR(List.of(directions), "kiwi_xcomet");
    }

    /**
     * The ALMA-R construction, as ALMA's training code prepares CPO data: for
     * each row's {@code language_pair} {@code xx-yy}, a pair for each of
     * {@code xx-yy} and {@code yy-xx} that is among {@code directions} (and,
     * when {@code required_directions} is set, is that direction). The prompt
     * is ALMA's, {@code "Translate this from German to English:\nGerman: <source>\nEnglish:"}.
     * When {@code Delta} is not 0, the human judgement decides between GPT-4
     * and ALMA; otherwise of the reference, GPT-4 and ALMA (in that order, the
     * first of equal scores wins) the highest-scoring is chosen and the lowest
     * rejected.
     *
     * @param directions e.g. {@code "de-en"}, {@code "en-de"}
     * @param scorer     {@code kiwi}, {@code xcomet} or {@code kiwi_xcomet} (ALMA's {@code cpo_scorer})
     */
    public static ScoredCandidates almaR(List<String> directions, String scorer) {
        if (!ALMA_SCORERS.contains(scorer)) {
            throw new IllegalArgumentException("scorer must be one of " + ALMA_SCORERS + ", was '" + scorer + "'");
        }
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("name at least one direction, e.g. \"de-en\"");
        }
        Set<String> wanted = Set.copyOf(directions);
        for (String direction : wanted) {
            String[] codes = direction.split("-");
            if (codes.length != 2 || !LANGUAGES.containsKey(codes[0]) || !LANGUAGES.containsKey(codes[1])) {
                throw new IllegalArgumentException("direction '" + direction + "': expected xx-yy with language"
                        + " codes among " + new java.util.TreeSet<>(LANGUAGES.keySet()));
            }
        }
        return new ScoredCandidates("ALMA-R pairs " + wanted + " by " + scorer,
                row -> almaPairs(row, wanted, scorer));
    }

    private static List<JsonObject> almaPairs(Row row, Set<String> wanted, String scorer) {
        JsonObject t = object(row, row.fields(), "translation");
        String[] pair = text(row, t, "translation.", "language_pair").split("-");
        if (pair.length != 2) {
            throw DatasetFormatException.forRow(row.source(), "translation.language_pair",
                    "expected xx-yy, e.g. de-en");
        }
        String required = t.has("required_directions") && !t.get("required_directions").isJsonNull()
                ? t.get("required_directions").getAsString() : "";
        List<JsonObject> pairs = new ArrayList<>(2);
        for (String[] direction : List.of(pair, new String[] {pair[1], pair[0]})) {
            String source = direction[0];
            String target = direction[1];
            if (!wanted.contains(source + "-" + target)) {
                continue;
            }
            // ALMA: a non-empty required_directions keeps only the direction into its target.
            if (!required.isEmpty() && !required.endsWith("-" + target)) {
                continue;
            }
            String prompt = "Translate this from " + LANGUAGES.get(source) + " to " + LANGUAGES.get(target) + ":\n"
                    + LANGUAGES.get(source) + ": " + text(row, t, "translation.", source) + "\n"
                    + LANGUAGES.get(target) + ":";
            double delta = t.has("Delta") && !t.get("Delta").isJsonNull() ? t.get("Delta").getAsDouble() : 0;
            String gpt4 = "gpt4_" + target;
            String alma = "alma_" + target;
            String chosen;
            String rejected;
            if (delta != 0) {
                chosen = text(row, t, "translation.", delta > 0 ? gpt4 : alma);
                rejected = text(row, t, "translation.", delta > 0 ? alma : gpt4);
            } else {
                List<String> texts = List.of(target, gpt4, alma);
                List<String> scores = List.of("ref_" + target + "_" + scorer, gpt4 + "_" + scorer,
                        alma + "_" + scorer);
                int[] best = extremes(row, t, "translation.", scores);
                chosen = text(row, t, "translation.", texts.get(best[0]));
                rejected = text(row, t, "translation.", texts.get(best[1]));
            }
            pairs.add(example(prompt, chosen, rejected));
        }
        return pairs;
    }

    /**
     * The same rule over flat columns: of the candidates in {@code textColumns}
     * (each scored by the column at the same position of {@code scoreColumns}),
     * the first with the highest score is chosen and the first with the lowest
     * rejected; the prompt is {@code promptColumn}.
     */
    public static ScoredCandidates of(String promptColumn, List<String> textColumns, List<String> scoreColumns) {
        Objects.requireNonNull(promptColumn, "promptColumn");
        if (textColumns.size() < 2 || textColumns.size() != scoreColumns.size()) {
            throw new IllegalArgumentException("give at least two candidate columns, each with one score column");
        }
        List<String> texts = List.copyOf(textColumns);
        List<String> scores = List.copyOf(scoreColumns);
        return new ScoredCandidates("scored candidates " + texts, row -> {
            int[] best = extremes(row, row.fields(), "", scores);
            return List.of(example(text(row, row.fields(), "", promptColumn),
                    text(row, row.fields(), "", texts.get(best[0])), text(row, row.fields(), "", texts.get(best[1]))));
        });
    }

    /** The pairs one row gives (none, one, or one per direction). */
    List<JsonObject> pairs(ExampleSource source, JsonObject fields) {
        return rule.apply(new Row(source, fields));
    }

    /** Indexes of the first highest and first lowest score, as Python's {@code list.index(max(...))}. */
    private static int[] extremes(Row row, JsonObject object, String prefix, List<String> scoreFields) {
        int high = 0;
        int low = 0;
        double[] values = new double[scoreFields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(row, object, prefix, scoreFields.get(i));
            if (values[i] > values[high]) {
                high = i;
            }
            if (values[i] < values[low]) {
                low = i;
            }
        }
        return new int[] {high, low};
    }

    private static JsonObject object(Row row, JsonObject fields, String name) {
        JsonElement value = fields.get(name);
        if (value == null || !value.isJsonObject()) {
            throw DatasetFormatException.forRow(row.source(), name, value == null ? "missing"
                    : "expected a struct (object), found " + kind(value));
        }
        return value.getAsJsonObject();
    }

    private static String text(Row row, JsonObject object, String prefix, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull() || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw DatasetFormatException.forRow(row.source(), prefix + name, value == null ? "missing"
                    : "expected a string, found " + kind(value));
        }
        return value.getAsString();
    }

    private static double number(Row row, JsonObject object, String prefix, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull() || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw DatasetFormatException.forRow(row.source(), prefix + name, value == null ? "missing"
                    : "expected a score (number), found " + kind(value));
        }
        return value.getAsDouble();
    }

    private static String kind(JsonElement value) {
        if (value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "a struct";
        }
        if (value.isJsonArray()) {
            return "a list";
        }
        return value.getAsJsonPrimitive().isString() ? "a string" : value.getAsJsonPrimitive().isNumber()
                ? "a number" : "a boolean";
    }

    private static JsonObject example(String prompt, String chosen, String rejected) {
        JsonObject example = new JsonObject();
        example.addProperty("prompt", prompt);
        example.addProperty("chosen", chosen);
        example.addProperty("rejected", rejected);
        return example;
    }

    @Override
    public String toString() {
        return description.toLowerCase(Locale.ROOT).startsWith("alma") ? description : "ScoredCandidates[" + description + "]";
    }
}
