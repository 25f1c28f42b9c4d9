package dev.cpotoolkit.notebook;

/**
 * A piece of HTML to show in a notebook, with the plain text that terminals and
 * plain-text outputs show instead.
 *
 * @param html the HTML fragment
 * @param text its plain-text equivalent
 */
public record Html(String html, String text) {

    /** Escapes {@code &}, {@code <}, {@code >} and quotes so any text is safe inside HTML. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The plain text. */
    @Override
    public String toString() {
        return text;
    }
}
