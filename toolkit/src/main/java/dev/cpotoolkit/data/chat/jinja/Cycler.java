package dev.cpotoolkit.data.chat.jinja;

import java.util.List;

/** What the {@code cycler(a, b, ...)} global returns: {@code next()} hands out the items in turn. */
final class Cycler {

    private final List<Object> items;
    private int position;

    Cycler(List<Object> items) {
        if (items.isEmpty()) {
            throw new JinjaError(JinjaError.Kind.RUNTIME, "at least one item has to be provided");
        }
        this.items = new java.util.ArrayList<>(items);
    }

    Object attribute(String name) {
        return switch (name) {
            case "current" -> items.get(position);
            case "items" -> new PyTuple(items);
            case "pos" -> (long) position;
            case "next" -> new BoundMethod("next", this, (args, kwargs) -> {
                Object current = items.get(position);
                position = (position + 1) % items.size();
                return current;
            });
            case "reset" -> new BoundMethod("reset", this, (args, kwargs) -> {
                position = 0;
                return null;
            });
            default -> Compare.MISSING;
        };
    }
}
