package dev.cpotoolkit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cpotoolkit.model.GradMode;
import dev.cpotoolkit.runtime.TorchKernels;
import dev.cpotoolkit.runtime.TorchRuntime;

/**
 * The float32 matmul rate of libtorch in this process: the best of a few
 * {@code n x n} products, as FLOP/s ({@code 2 n^3} per product). The yardstick
 * the step's achieved FLOP/s is compared with, measured in the same run
 * because shared machines drift.
 */
public final class MatmulRate {

    private MatmulRate() {}

    /**
     * @param n       matrix side (2048 is the usual)
     * @param repeats timed products; the fastest counts
     * @return FLOP/s
     */
    public static double measure(int n, int repeats) {
        try (GradMode.Scope noGrad = GradMode.set(false); NDManager manager = TorchRuntime.newManager()) {
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                NDArray c = a.matMul(b);
                c.toFloatArray(); // force completion (CPU ops are synchronous; this also covers GPUs)
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
                c.close();
            }
            return 2.0 * n * n * (double) n / best;
        }
    }

    /**
     * The bfloat16 matmul rate through the toolkit's kernel
     * ({@link TorchKernels#bf16MatMul}: float32 in, casts to bfloat16, product,
     * cast back), the peak a bf16 step can approach; casts included, as the
     * step pays them too.
     */
    public static double measureBf16(int n, int repeats) {
        try (GradMode.Scope noGrad = GradMode.set(false); NDManager manager = TorchRuntime.newManager()) {
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            TorchKernels.bf16MatMul(a, b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                NDArray c = TorchKernels.bf16MatMul(a, b);
                c.toFloatArray();
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
                c.close();
            }
            return 2.0 * n * n * (double) n / best;
        }
    }
}
