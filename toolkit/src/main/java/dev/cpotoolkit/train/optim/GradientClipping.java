package dev.cpotoolkit.train.optim;

import dev.cpotoolkit.model.GradMode;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.cpotoolkit.runtime.TorchRuntime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Global gradient-norm clipping, as PyTorch's {@code clip_grad_norm_} which
 * Hugging Face's {@code Trainer} calls before each optimizer step.
 *
 * <p>DJL's {@code optClipGrad} is not this: it clamps each gradient element.
 */
public final class GradientClipping {

    /** PyTorch's guard against division by zero in the clip coefficient. */
    static final float NORM_EPSILON = 1e-6f;

    private GradientClipping() {}

    /**
     * The global gradient norm and the factor clipping scales the gradients by.
     *
     * @param norm  the L2 norm of all gradients together, before clipping (Hugging Face's {@code grad_norm})
     * @param scale {@code maxNorm / (norm + 1e-6)} when that is below 1, else 1 (also 1 for a
     *              non-finite norm or no clipping)
     */
    public record Norm(double norm, double scale) {}

    /**
     * Computes the L2 norm of all gradients taken together and, when it exceeds
     * {@code maxNorm}, scales every gradient in place by
     * {@code maxNorm / (norm + 1e-6)}.
     *
     * <p>As in PyTorch the norm is computed in float32 on the device: one L2 norm
     * per gradient, then the L2 norm of those norms. Parameters without a
     * gradient (frozen, or no backward yet) are ignored.
     *
     * <p>When the norm is NaN or infinite the gradients are left untouched
     * (PyTorch would multiply them by NaN or 0) and the value is returned so
     * the caller can stop or skip the step.
     *
     * @param parameters the parameters whose gradients are clipped
     * @param maxNorm    the largest allowed norm; 0 or less computes the norm without clipping
     * @return the norm before clipping (what Hugging Face logs as {@code grad_norm});
     *         0 when no parameter has a gradient
     */
    public static double clipGlobalNorm(Collection<Parameter> parameters, double maxNorm) {
        Norm norm = measure(parameters, maxNorm);
        if (norm.scale() < 1.0) {
            try (GradMode.Scope noGrad = GradMode.set(false); NDManager scratch = scratchManager(parameters)) {
                NDArray scale = scratch.create((float) norm.scale());
                for (Parameter parameter : parameters) {
                    NDArray gradient = Gradients.liveGradient(parameter);
                    if (gradient != null) {
                        gradient.attach(scratch);
                        gradient.muli(scale);
                    }
                }
            }
        }
        return norm.norm();
    }

    /**
     * Computes the global gradient norm and the clipping factor without
     * changing any gradient: the gradients' own pass of
     * {@link #clipGlobalNorm} is left to the optimizer, which applies the
     * factor inside its update ({@code AdamW.step(learningRate, norm.scale())}).
     *
     * @param parameters the parameters
     * @param maxNorm    the largest allowed norm; 0 or less for no clipping (scale 1)
     * @return the norm (0 when no parameter has a gradient) and the factor
     */
    public static Norm measure(Collection<Parameter> parameters, double maxNorm) {
        if (Double.isNaN(maxNorm)) {
            throw new IllegalArgumentException("maxNorm is NaN");
        }
        try (GradMode.Scope noGrad = GradMode.set(false); NDManager scratch = scratchManager(parameters)) {
            if (scratch == null) {
                return new Norm(0.0, 1.0);
            }
            NDList norms = new NDList();
            for (Parameter parameter : parameters) {
                NDArray gradient = Gradients.liveGradient(parameter);
                if (gradient == null) {
                    continue;
                }
                // Move the handle (and so every result computed from it) into the scratch manager.
                gradient.attach(scratch);
                norms.add(gradient.norm());
            }
            if (norms.isEmpty()) {
                return new Norm(0.0, 1.0);
            }
            float total = NDArrays.stack(norms).norm().getFloat();
            // PyTorch clamps the coefficient to 1; multiplying by 1 changes nothing.
            float coefficient = maxNorm > 0 && Float.isFinite(total) ? (float) maxNorm / (total + NORM_EPSILON) : 1f;
            return new Norm(total, Math.min(1.0, coefficient));
        }
    }

    /**
     * Computes the global gradient norm without changing any gradient.
     *
     * @param parameters the parameters
     * @return the L2 norm of all gradients together (float32), 0 when none has a gradient
     */
    public static double globalNorm(Collection<Parameter> parameters) {
        return clipGlobalNorm(parameters, 0.0);
    }

    private static NDManager scratchManager(Collection<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            if (parameter.isInitialized()) {
                return TorchRuntime.engine().newBaseManager(parameter.getArray().getDevice());
            }
        }
        return null;
    }
}
