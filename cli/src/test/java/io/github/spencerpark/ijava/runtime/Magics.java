package io.github.spencerpark.ijava.runtime;

import java.util.List;

/** The calls IJava rewrites magic lines into; they run the kernel's registered magics. */
public final class Magics {

    private Magics() {}

    /** Runs the line magic {@code name}. */
    public static <T> T lineMagic(String name, List<String> args) {
        try {
            return Kernel.running().getMagics().applyLineMagic(name, args);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException("line magic %" + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs the cell magic {@code name} on {@code body}. */
    public static <T> T cellMagic(String name, List<String> args, String body) {
        try {
            return Kernel.running().getMagics().applyCellMagic(name, args, body);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException("cell magic %%" + name + " failed: " + e.getMessage(), e);
        }
    }
}
