package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The result of {@code dict.items()}, {@code keys()} or {@code values()}: a live view with a length. */
final class DictView {

    /** Which view of the dict. */
    enum Kind { ITEMS, KEYS, VALUES }

    private final Map<Object, Object> dict;
    private final Kind kind;

    DictView(Map<Object, Object> dict, Kind kind) {
        this.dict = dict;
        this.kind = kind;
    }

    List<Object> items() {
        List<Object> items = new ArrayList<>(dict.size());
        for (Map.Entry<Object, Object> entry : dict.entrySet()) {
            switch (kind) {
                case ITEMS -> items.add(PyTuple.of(entry.getKey(), entry.getValue()));
                case KEYS -> items.add(entry.getKey());
                default -> items.add(entry.getValue());
            }
        }
        return items;
    }

    int size() {
        return dict.size();
    }

    String typeName() {
        return "dict_" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
