package dev.cpotoolkit.data.chat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Reads the conformance corpus that generate.py writes (test resources data/chat-corpus). */
public final class CorpusFiles {

    /** The time generate.py gives {@code strftime_now}: 2024-07-26 09:05:03, as a naive local time. */
    public static final Clock FIXED_CLOCK = Clock.fixed(Instant.parse("2024-07-26T09:05:03Z"), ZoneOffset.UTC);

    private CorpusFiles() {
    }

    /** A file of the corpus folder. */
    public static Path path(String relative) {
        try {
            Path folder = Path.of(CorpusFiles.class.getResource("/data/chat-corpus/features.json").toURI()).getParent();
            return folder.resolve(relative);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object file of the corpus folder. */
    public static JsonObject json(String relative) {
        try {
            return JsonParser.parseString(Files.readString(path(relative), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text file of the corpus folder. */
    public static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus template {@code name} of templates.json, with its special tokens, as the toolkit reads it. */
    public static ChatTemplate template(String name) {
        JsonObject spec = json("templates/templates.json").getAsJsonObject(name);
        if (spec.has("tokenizer_config")) {
            return TemplateFiles.of(path("../" + spec.get("tokenizer_config").getAsString()));
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, String> tokens = spec.has("special_tokens")
                ? (java.util.Map<String, String>) (java.util.Map<?, ?>) JsonValues.fromJson(spec.get("special_tokens"))
                : java.util.Map.of();
        java.util.List<String> additional = new java.util.ArrayList<>();
        if (spec.has("additional_special_tokens")) {
            spec.getAsJsonArray("additional_special_tokens").forEach(t -> additional.add(t.getAsString()));
        }
        return ChatTemplate.of(text("templates/" + spec.get("file").getAsString()), tokens, additional);
    }

    /** A JSON array file of the corpus folder. */
    public static com.google.gson.JsonArray jsonArray(String relative) {
        try {
            return JsonParser.parseString(Files.readString(path(relative), StandardCharsets.UTF_8)).getAsJsonArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
