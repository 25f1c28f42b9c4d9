package dev.cpotoolkit.data.chat.jinja;

import java.util.List;
import java.util.Map;

/** What the {@code joiner(sep)} global returns: empty on its first call, the separator afterwards. */
final class Joiner implements JinjaCallable {

    private final String separator;
    private boolean used;

    Joiner(String separator) {
        this.separator = separator;
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        if (!used) {
            used = true;
            return "";
        }
        return separator;
    }
}
