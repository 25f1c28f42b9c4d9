package dev.cpotoolkit.train.optim;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.runtime.TorchRuntime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Named float32 parameters in their own manager, with gradients set exactly
 * through real autograd: backward of {@code sum(c * w)} adds {@code c} to
 * {@code w}'s gradient.
 */
final class TestParameters implements AutoCloseable {

    final NDManager manager = TorchRuntime.newManager();
    final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    Parameter add(String name, float[] values, long... shape) {
        return add(name, true, values, shape);
    }

    Parameter add(String name, boolean trainable, float[] values, long... shape) {
        NDArray array = manager.create(values, new Shape(shape));
        array.setName(name);
        if (trainable) {
            array.setRequiresGradient(true);
        }
        Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optArray(array).optRequiresGrad(trainable).build();
        parameters.put(name, parameter);
        shapes.put(name, shape);
        return parameter;
    }

    /** Adds {@code gradients.get(name)} to each named parameter's gradient (others untouched). */
    void backward(Map<String, float[]> gradients) {
        try (NDManager step = manager.newSubManager();
             GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
            NDArray loss = null;
            for (Map.Entry<String, float[]> entry : gradients.entrySet()) {
                NDArray weight = parameters.get(entry.getKey()).getArray();
                NDArray constant = step.create(entry.getValue(), new Shape(shapes.get(entry.getKey())));
                // Constant first, so every result lands in the step manager, not the parameter's.
                NDArray term = constant.mul(weight).sum();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
    }

    float[] values(String name) {
        return parameters.get(name).getArray().toFloatArray();
    }

    float[] gradient(String name) {
        try (NDArray gradient = parameters.get(name).getArray().getGradient()) {
            return gradient.toFloatArray();
        }
    }

    int liveArrays() {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    static float[] random(SplittableRandom random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return values;
    }

    /** Random values whose magnitude is at least {@code min}, so no element of a gradient is 0. */
    static float[] randomAwayFromZero(SplittableRandom random, int n, double min, double max) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            double magnitude = min + random.nextDouble() * (max - min);
            values[i] = (float) (random.nextBoolean() ? magnitude : -magnitude);
        }
        return values;
    }

    @Override
    public void close() {
        manager.close();
    }
}
