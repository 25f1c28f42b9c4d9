package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.UUID;

/** IJava's display functions, imported statically into every notebook. */
public final class Display {

    private Display() {}

    /** The kernel's rendering of {@code value}. */
    public static DisplayData render(Object value) {
        return Kernel.running().getRenderer().render(value);
    }

    /** The kernel's rendering of {@code value} as the given MIME types. */
    public static DisplayData render(Object value, String... mimeTypes) {
        return Kernel.running().getRenderer().renderAs(value, mimeTypes);
    }

    /** Shows {@code value} now; returns the display's id for {@link #updateDisplay}. */
    public static String display(Object value) {
        return show(render(value));
    }

    /** Shows {@code value} as the given MIME types; returns the display's id. */
    public static String display(Object value, String... mimeTypes) {
        return show(render(value, mimeTypes));
    }

    /** Replaces the display {@code id} with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        Kernel.running().getIO().display.updateDisplay(id, render(value));
    }

    /** Replaces the display {@code id} with {@code value} as the given MIME types. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        Kernel.running().getIO().display.updateDisplay(id, render(value, mimeTypes));
    }

    private static String show(DisplayData data) {
        if (data.getDisplayId() == null) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        Kernel.running().display(data);
        return data.getDisplayId();
    }
}
