package dev.cpotoolkit.data.chat.jinja;

import java.util.List;
import java.util.Map;

/**
 * A function a template can call, e.g. a global such as {@code raise_exception(message)}: the
 * Java side of a Python callable, receiving positional and keyword arguments as template values
 * (String, Long or BigInteger, Double, Boolean, null, List, Map, ...).
 */
@FunctionalInterface
public interface JinjaCallable {

    /**
     * Calls the function.
     *
     * @param args   positional arguments, in order
     * @param kwargs keyword arguments, in the order written
     * @return the result, a template value
     * @throws JinjaError to fail the rendering with a Python-style error
     */
    Object call(List<Object> args, Map<String, Object> kwargs);
}
