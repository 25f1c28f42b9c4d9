package dev.cpotoolkit.notebook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One object rendered for Jupyter: MIME type to data, as a notebook output's
 * {@code data} map holds it ({@code text/plain} always present; {@code image/png}
 * as base64). Insertion order is kept so written notebooks are stable.
 *
 * @param data MIME type to text or base64 data
 */
public record MimeBundle(Map<String, String> data) {

    /** The plain-text MIME type every bundle carries. */
    public static final String TEXT = "text/plain";
    /** HTML, shown by Jupyter in place of the text when present. */
    public static final String HTML = "text/html";
    /** A PNG image, base64-encoded. */
    public static final String PNG = "image/png";

    /** Copies {@code data}, which must hold {@code text/plain}. */
    public MimeBundle {
        if (!data.containsKey(TEXT)) {
            throw new IllegalArgumentException("a MIME bundle needs text/plain, got " + data.keySet());
        }
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A bundle of plain text only. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, text));
    }

    /** Whether the bundle has data of {@code mimeType}. */
    public boolean has(String mimeType) {
        return data.containsKey(mimeType);
    }

    /** The plain-text form. */
    public String text() {
        return data.get(TEXT);
    }

    /**
     * Only the given MIME types (plus {@code text/plain}), as IJava's
     * {@code display(object, mimeTypes...)} asks for; no types means all.
     */
    public MimeBundle only(String... mimeTypes) {
        if (mimeTypes.length == 0) {
            return this;
        }
        Set<String> wanted = Set.of(mimeTypes);
        Map<String, String> kept = new LinkedHashMap<>();
        data.forEach((type, value) -> {
            if (type.equals(TEXT) || wanted.contains(type)) {
                kept.put(type, value);
            }
        });
        return new MimeBundle(kept);
    }
}
