package dev.cpotoolkit.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Direct access to a parameter's gradient on the PyTorch engine.
 *
 * <p>DJL's public {@code NDArray.getGradient()} cannot tell "no gradient yet"
 * from "zero gradient": when the tensor's {@code .grad} is undefined it
 * returns a fresh array of zeros (attached to the parameter's manager) that
 * is not the gradient, so writing to it is silently lost. The PyTorch JNI call
 * used here returns {@code null} instead, which is what an optimizer that
 * skips parameters without a gradient (as {@code torch.optim} does) needs.
 */
final class Gradients {

    private Gradients() {}

    /**
     * The live gradient of a parameter, sharing storage with its {@code .grad}
     * (in-place operations on it change the gradient; a sparse gradient comes
     * back as a dense copy instead), or {@code null} when
     * the parameter is frozen, uninitialised or has no gradient yet.
     *
     * <p>The returned handle is a new native handle attached to the
     * parameter's manager: the caller must close it or attach it to a
     * short-lived manager, otherwise one array leaks per call.
     */
    static NDArray liveGradient(Parameter parameter) {
        if (!parameter.isInitialized() || !parameter.requiresGradient()) {
            return null;
        }
        NDArray weight = parameter.getArray();
        if (!weight.hasGradient()) {
            return null;
        }
        PtNDArray gradient = JniUtils.getGradient(pt(weight));
        if (gradient != null && gradient.isSparse()) {
            // Only a sparse lookup touched this weight (a tied embedding whose head took no part in the
            // backward): optimizers need the dense form. It is a copy, so in-place changes to it do not
            // reach .grad; zero() still clears the stored sparse gradient.
            try (PtNDArray sparse = gradient) {
                NDArray dense = sparse.toDense();
                dense.attach(weight.getManager());
                return dense;
            }
        }
        return gradient;
    }

    /**
     * Zeroes a parameter's gradient in place, keeping its buffer (no handle is
     * created, and NaN or infinite entries become 0, unlike multiplying by 0).
     * Does nothing when the parameter has no gradient.
     */
    static void zero(Parameter parameter) {
        if (!parameter.isInitialized()) {
            return;
        }
        NDArray weight = parameter.getArray();
        if (weight.hasGradient()) {
            JniUtils.zeroGrad(pt(weight));
        }
    }

    private static PtNDArray pt(NDArray array) {
        if (array instanceof PtNDArray) {
            return (PtNDArray) array;
        }
        throw new IllegalArgumentException(
                "expected a PyTorch-engine array, got " + array.getClass().getName()
                        + " (the toolkit runs on DJL's PyTorch engine only)");
    }
}
