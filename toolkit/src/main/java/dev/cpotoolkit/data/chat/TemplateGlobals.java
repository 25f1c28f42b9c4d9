package dev.cpotoolkit.data.chat;

import dev.cpotoolkit.data.chat.jinja.JinjaCallable;
import dev.cpotoolkit.data.chat.jinja.JinjaError;
import dev.cpotoolkit.data.chat.jinja.TemplateValues;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions transformers adds to every chat template: {@code raise_exception(message)}, which
 * aborts rendering with the template's message, and {@code strftime_now(format)}, the current
 * local time formatted like Python's {@code datetime.now().strftime(format)}.
 */
public final class TemplateGlobals {

    private TemplateGlobals() {
    }

    /**
     * The two functions, with the time taken from {@code clock} (in the clock's zone, as a naive
     * local time).
     *
     * @param clock where {@code strftime_now} reads the time
     * @return name to function, in a new mutable map
     */
    public static Map<String, Object> of(Clock clock) {
        Map<String, Object> globals = new LinkedHashMap<>();
        globals.put("raise_exception", (JinjaCallable) TemplateGlobals::raiseException);
        globals.put("strftime_now", (JinjaCallable) (args, kwargs) -> {
            Object format = single("strftime_now", "format", args, kwargs);
            if (!(format instanceof String text)) {
                throw new JinjaError(JinjaError.Kind.TYPE, "strftime() argument 1 must be str, not "
                        + TemplateValues.pythonTypeName(format));
            }
            return Strftime.format(LocalDateTime.now(clock), text);
        });
        return globals;
    }

    private static Object raiseException(List<Object> args, Map<String, Object> kwargs) {
        Object message = single("raise_exception", "message", args, kwargs);
        throw new JinjaError(JinjaError.Kind.RAISED, TemplateValues.str(message));
    }

    /** The one argument of a one-parameter Python function, given positionally or by name. */
    private static Object single(String function, String parameter, List<Object> args, Map<String, Object> kwargs) {
        if (args.size() + kwargs.size() != 1 || (!kwargs.isEmpty() && !kwargs.containsKey(parameter))) {
            throw new JinjaError(JinjaError.Kind.TYPE, function + "() takes exactly one argument ("
                    + (args.size() + kwargs.size()) + " given)");
        }
        return args.isEmpty() ? kwargs.get(parameter) : args.get(0);
    }
}
