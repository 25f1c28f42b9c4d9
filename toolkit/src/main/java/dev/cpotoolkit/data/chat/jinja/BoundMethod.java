package dev.cpotoolkit.data.chat.jinja;

import java.util.List;
import java.util.Map;

/** A method looked up on a value ({@code 'x'.upper}, {@code d.items}), callable later. */
final class BoundMethod implements JinjaCallable {

    private final String name;
    private final Object self;
    private final JinjaCallable body;

    BoundMethod(String name, Object self, JinjaCallable body) {
        this.name = name;
        this.self = self;
        this.body = body;
    }

    String name() {
        return name;
    }

    Object self() {
        return self;
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        return body.call(args, kwargs);
    }
}
