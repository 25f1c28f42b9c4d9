package dev.cpotoolkit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Starts the PyTorch engine and computes one small product, printing what it
 * found. Run it once after a build (Binder's {@code postBuild} does) so DJL
 * unpacks its native library ahead of the first notebook cell; it also proves a
 * machine can run the toolkit without any network access.
 */
public final class EngineCheck {

    private EngineCheck() {}

    /** Prints the engine description and {@code [1,2]·[3,4] = 11}; exits non-zero on failure. */
    public static void main(String[] args) {
        try (NDManager manager = TorchRuntime.newManager()) {
            NDArray dot = manager.create(new float[] {1, 2}).dot(manager.create(new float[] {3, 4}));
            System.out.println(TorchRuntime.describe());
            System.out.println("[1,2].[3,4] = " + dot.getFloat());
        }
    }
}
