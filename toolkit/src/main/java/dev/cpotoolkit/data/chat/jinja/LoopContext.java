package dev.cpotoolkit.data.chat.jinja;

import java.util.List;
import java.util.Map;

/**
 * The {@code loop} variable of a for loop: position ({@code index}, {@code first}, {@code last},
 * {@code revindex}...), neighbours ({@code previtem}, {@code nextitem}) and the helpers
 * {@code cycle(...)} and {@code changed(...)}.
 */
final class LoopContext implements JinjaCallable {

    private final List<Object> items;
    private final int depth0;
    private final JinjaCallable recurse;
    private int index0 = -1;
    private List<Object> lastChanged;

    /**
     * A loop over {@code items}.
     *
     * @param depth0  how deep a recursive loop is (0 at the top)
     * @param recurse renders the loop again for {@code loop(items)}, or null when not recursive
     */
    LoopContext(List<Object> items, int depth0, JinjaCallable recurse) {
        this.items = items;
        this.depth0 = depth0;
        this.recurse = recurse;
    }

    /** {@code loop(items)} in a recursive loop: the loop body rendered for the items, one level deeper. */
    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        if (recurse == null) {
            throw JinjaError.type("The loop must have the 'recursive' marker to be called recursively.");
        }
        return recurse.call(args, kwargs);
    }

    /** Moves to the next item; the loop body then sees it as the current one. */
    void advance() {
        index0++;
    }

    int index0() {
        return index0;
    }

    int length() {
        return items.size();
    }

    List<Object> items() {
        return items;
    }

    /** The attribute {@code name}, or {@link Compare#MISSING} when the loop has none. */
    Object attribute(String name) {
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> (long) items.size() - index0;
            case "revindex0" -> (long) items.size() - index0 - 1;
            case "first" -> index0 == 0;
            case "last" -> index0 == items.size() - 1;
            case "length" -> (long) items.size();
            case "depth" -> (long) depth0 + 1;
            case "depth0" -> (long) depth0;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : Undefined.hint("there is no previous item");
            case "nextitem" -> index0 + 1 < items.size() ? items.get(index0 + 1) : Undefined.hint("there is no next item");
            case "cycle" -> new BoundMethod("cycle", this, (args, kwargs) -> {
                if (args.isEmpty()) {
                    throw JinjaError.type("no items for cycling given");
                }
                return args.get(index0 % args.size());
            });
            case "changed" -> new BoundMethod("changed", this, (args, kwargs) -> {
                if (lastChanged != null && Compare.equal(new PyTuple(lastChanged), new PyTuple(args))) {
                    return false;
                }
                lastChanged = new java.util.ArrayList<>(args);
                return true;
            });
            default -> Compare.MISSING;
        };
    }
}
