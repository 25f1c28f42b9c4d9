package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cpotoolkit.model.checkpoint.CheckpointException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A DJL block whose parameters and children carry Hugging Face names, so the
 * full name of every parameter ({@code model.layers.0.mlp.up_proj.weight}) is
 * the name of the tensor on disk.
 *
 * <p>Subclasses declare parameters with {@link #parameter} and sub-blocks with
 * {@link #child} in the order the Hugging Face module registers them; the
 * names then come out in {@code named_parameters()} order: a module's own
 * parameters first, then each child's, depth first. Parameters are given their
 * arrays once, by {@link #materialize}, so a block is usable as soon as it is
 * built; the DJL {@code initialize} machinery is not used.
 *
 * <p>Inner blocks are called through their typed {@code forward} methods with a
 * {@link ForwardContext}; only the root model implements DJL's NDList forward.
 */
public abstract class ModuleBlock extends AbstractBlock {

    /** How a freshly built parameter is filled before any weights are loaded. */
    public enum Init {
        /** Normal(0, initializer_range): projection and embedding matrices. */
        NORMAL,
        /** Zeros: biases and LayerNorm shifts. */
        ZEROS,
        /** Ones: LayerNorm and RMSNorm gains. */
        ONES,
        /**
         * PEFT's LoRA A init, {@code kaiming_uniform_(a=sqrt(5))}: uniform in
         * {@code ±1/sqrt(fan_in)}, fan_in being the second axis of the (out, in) weight.
         */
        KAIMING_UNIFORM
    }

    /** A declared parameter: the DJL parameter, its shape and its initial fill. */
    public record Declared(Parameter parameter, Shape shape, Init init) {}

    /** Supplies the initial values of one parameter, given its full Hugging Face name. */
    @FunctionalInterface
    public interface Initializer {
        /**
         * @param name  full Hugging Face name
         * @param shape the parameter's shape
         * @param init  the fill the architecture asks for
         * @return row-major values, {@code shape.size()} of them
         */
        float[] values(String name, Shape shape, Init init);

        /**
         * Seeded initialisation: each parameter gets its own generator, seeded from
         * the model seed and the parameter's name, so values do not depend on the
         * order parameters are built in.
         */
        static Initializer seeded(long seed, double std) {
            return (name, shape, init) -> {
                if (shape.size() > Integer.MAX_VALUE - 8) {
                    throw new CheckpointException(null, "parameter '" + name + "' of shape " + shape + " has "
                            + shape.size() + " elements, more than one Java array holds");
                }
                float[] values = new float[(int) shape.size()];
                switch (init) {
                    case ONES -> Arrays.fill(values, 1f);
                    case ZEROS -> { }
                    case NORMAL -> {
                        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) (random.nextGaussian() * std);
                        }
                    }
                    case KAIMING_UNIFORM -> {
                        // PEFT: kaiming_uniform_(a=sqrt(5)) gives bound gain*sqrt(3/fan_in) = 1/sqrt(fan_in).
                        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
                        double bound = 1.0 / Math.sqrt(shape.get(shape.dimension() - 1));
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) random.nextDouble(-bound, bound);
                        }
                    }
                    default -> throw new IllegalStateException(init.name());
                }
                return values;
            };
        }
    }

    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final List<Map.Entry<String, ModuleBlock>> modules = new ArrayList<>();

    /**
     * Declares a parameter with its Hugging Face leaf name ({@code weight},
     * {@code bias}).
     */
    protected final Parameter parameter(String name, Parameter.Type type, Init init, long... shape) {
        Parameter parameter = addParameter(Parameter.builder().setName(name).setType(type).optRequiresGrad(true).build());
        declared.put(name, new Declared(parameter, new Shape(shape), init));
        return parameter;
    }

    /** Registers a sub-block under its Hugging Face module name ({@code attn}, {@code layers.3}). */
    protected final <B extends ModuleBlock> B child(String name, B block) {
        addChildBlock(name, block);
        modules.add(Map.entry(name, block));
        return block;
    }

    /**
     * Unregisters a sub-block registered with {@link #child} (a projection
     * dropping its merged LoRA matrices); its parameters leave the names.
     */
    protected final void removeChild(String name) {
        for (int i = 0; i < modules.size(); i++) {
            if (modules.get(i).getKey().equals(name)) {
                ModuleBlock block = modules.remove(i).getValue();
                for (int j = 0; j < children.size(); j++) {
                    if (children.get(j).getValue() == block) {
                        children.remove(j);
                        break;
                    }
                }
                return;
            }
        }
        throw new IllegalArgumentException("no sub-block named '" + name + "'");
    }

    /**
     * Appends every sub-block (not this one) to {@code out}, keyed by full
     * module name ({@code model.layers.0.self_attn.q_proj}), as PyTorch's
     * {@code named_modules()} lists them.
     */
    public final void collectModules(String prefix, Map<String, ModuleBlock> out) {
        for (Map.Entry<String, ModuleBlock> module : modules) {
            String name = prefix + module.getKey();
            out.put(name, module.getValue());
            module.getValue().collectModules(name + ".", out);
        }
    }

    /** Appends this block's parameters to {@code out}, keyed by full name, in Hugging Face order. */
    public final void collectParameters(String prefix, Map<String, Declared> out) {
        for (Map.Entry<String, Declared> entry : declared.entrySet()) {
            out.put(prefix + entry.getKey(), entry.getValue());
        }
        for (Map.Entry<String, ModuleBlock> module : modules) {
            module.getValue().collectParameters(prefix + module.getKey() + ".", out);
        }
    }

    /**
     * Gives every parameter of this block and its children an array in
     * {@code manager}, filled by {@code initializer}, with gradients attached.
     */
    public final void materialize(NDManager manager, Initializer initializer) {
        Map<String, Declared> all = new LinkedHashMap<>();
        collectParameters("", all);
        for (Map.Entry<String, Declared> entry : all.entrySet()) {
            Declared d = entry.getValue();
            float[] values = initializer.values(entry.getKey(), d.shape(), d.init());
            NDArray array;
            // manager.create(float[]) makes a CPU tensor over a Java direct buffer that only its handle
            // keeps alive; a copy in libtorch's own memory can be aliased safely (the optimizer gives
            // parameters new handles on the same storage when it frees their gradients).
            try (NDArray javaBacked = manager.create(values, d.shape())) {
                array = javaBacked.duplicate();
            }
            array.setRequiresGradient(true);
            d.parameter().setArray(array);
        }
    }

    /** Inner blocks keep their input shape unless they say otherwise. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /**
     * Inner blocks are called through their typed {@code forward} methods,
     * which need a {@link ForwardContext}; only the root model accepts an NDList.
     */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " is called through its typed forward(ForwardContext, ...) method, not as a standalone block");
    }
}
