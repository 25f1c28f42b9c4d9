package dev.cpotoolkit.train.optim;

import dev.cpotoolkit.model.GradMode;
import dev.cpotoolkit.model.checkpoint.FloatTensor;
import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.cpotoolkit.runtime.TorchKernels;
import dev.cpotoolkit.runtime.TorchRuntime;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PyTorch's {@code torch.optim.AdamW} (the optimizer Hugging Face's
 * {@code Trainer} uses), updating DJL parameters in place.
 *
 * <p>For every parameter {@code p} that has a gradient {@code g}, with its own
 * update count {@code t} (incremented before use) and learning rate {@code lr}:
 * <pre>
 * p   = p * (1 - lr * weightDecay)            only for parameters the decay rule selects
 * m   = beta1 * m + (1 - beta1) * g
 * v   = beta2 * v + (1 - beta2) * g^2
 * p   = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
 * </pre>
 * Epsilon is added after the bias correction of {@code sqrt(v)}, as PyTorch does
 * (DJL's own Adam and AdamW add it before, which differs early in training).
 * Parameters whose gradient is undefined, and frozen parameters, are skipped and
 * their count does not advance, as in PyTorch. The moments are created on a
 * parameter's first update.
 *
 * <p>Why not DJL's {@code Optimizer.adamW()}: it copies each gradient twice and
 * allocates temporaries every step, and it decays every parameter. Here the
 * update runs through libtorch's fused AdamW kernel ({@link TorchKernels}):
 * one pass over each parameter's weight, gradient and moments, one call per
 * decay group, with a clipping scale applied inside the pass
 * ({@link #step(double, double)}). Where that kernel is unavailable (a libtorch
 * older than 2.4) the same math runs op by op in place: twelve passes over
 * each parameter's memory, the bias corrections and epsilon folded into two
 * per-step scalars, the gradient buffer reused as scratch space. Passes, not
 * arithmetic, are the cost on a CPU. The whole update runs with autograd off.
 *
 * <p>{@link #step(double)} consumes the gradients: afterwards they are freed,
 * as Hugging Face's {@code zero_grad(set_to_none=True)} does
 * ({@link #releaseGradients()}), ready for the next accumulation of
 * micro-batches through DJL's {@code GradientCollector}. As in PyTorch, a
 * parameter that takes no part in a backward then has no gradient and is
 * skipped by the next update. Freeing rather than zeroing keeps 0.5 GB of
 * gradient buffers out of the forward pass of a 124M model (the peak of a
 * step) and lets autograd hand its own buffers over instead of adding into
 * zeroed ones. Each release gives the parameter a new handle on the same
 * storage: read {@code parameter.getArray()} afresh after a step. If
 * {@code step} throws, the update may be partial and the gradients are kept.
 *
 * <pre>{@code
 * try (AdamW optimizer = new AdamW(namedParameters, AdamWSettings.fromConfig(config))) {
 *     // ... backward over the micro-batches ...
 *     GradientClipping.Norm clip = GradientClipping.measure(namedParameters.values(), config.maxGradNorm());
 *     optimizer.step(schedule.at(optimizer.stepCount()), clip.scale());
 * }
 * }</pre>
 *
 * <p>All parameters must be float32 and live on one device. Not thread-safe.
 */
public final class AdamW implements AutoCloseable {

    /** Key of the optimizer's step count in {@link #stateTensors()}. */
    public static final String STEP_COUNT_KEY = "step_count";
    /** Suffix of a parameter's first moment in {@link #stateTensors()}. */
    public static final String EXP_AVG_SUFFIX = ".exp_avg";
    /** Suffix of a parameter's second moment in {@link #stateTensors()}. */
    public static final String EXP_AVG_SQ_SUFFIX = ".exp_avg_sq";
    /** Suffix of a parameter's own update count in {@link #stateTensors()}. */
    public static final String STEP_SUFFIX = ".step";

    /** Frees the native state of optimizers that became unreachable without being closed. */
    private static final Cleaner CLEANER = Cleaner.create();
    /** The native states not freed yet, for {@link #openOptimizers()} and the re-run check. */
    private static final Set<NativeState> OPEN = ConcurrentHashMap.newKeySet();

    private final AdamWSettings settings;
    private final List<Slot> slots;
    private final NDManager manager;
    private final Cleaner.Cleanable cleanable;
    // Constants of every step, kept as device scalars so no op takes a Java number.
    private final NDArray beta1;
    private final NDArray beta2;
    private final NDArray oneMinusBeta1;
    private final NDArray squareScale;
    private final boolean fused;
    private int stepCount;
    private boolean closed;

    /** One parameter with its group and its state. */
    private static final class Slot {
        final String name;
        final Parameter parameter;
        final boolean decay;
        NDArray expAvg;
        NDArray expAvgSq;
        int step;

        Slot(String name, Parameter parameter, boolean decay) {
            this.name = name;
            this.parameter = parameter;
            this.decay = decay;
        }

        void clearState() {
            if (expAvg != null) {
                expAvg.close();
                expAvgSq.close();
            }
            expAvg = null;
            expAvgSq = null;
            step = 0;
        }
    }

    /**
     * Per-step scalars that depend on a parameter's update count, PyTorch's
     * {@code lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps)} rewritten as
     * {@code stepSize * m / (sqrt(v) + epsilon)}: {@code stepSize = lr sqrt(bc2) / bc1},
     * {@code epsilon = eps sqrt(bc2)}.
     */
    private record Correction(NDArray stepSize, NDArray epsilon) {}

    /**
     * Creates the optimizer. The moment state lives in the optimizer's own
     * manager on the parameters' device; close the optimizer to free it.
     *
     * @param parameters the parameters by Hugging Face name, in a stable order
     *                   (the order of updates and of exported state)
     * @param settings   betas, epsilon, weight decay and its rule
     */
    public AdamW(Map<String, Parameter> parameters, AdamWSettings settings) {
        this(parameters, settings, TorchKernels.available());
    }

    /**
     * Creates the optimizer, choosing the update path (tests compare the two).
     *
     * @param fused true for libtorch's fused kernel, false for the op-by-op update
     */
    AdamW(Map<String, Parameter> parameters, AdamWSettings settings, boolean fused) {
        Objects.requireNonNull(parameters, "parameters");
        if (fused && !TorchKernels.available()) {
            throw new IllegalStateException("fused AdamW requested but unavailable", TorchKernels.unavailableReason());
        }
        this.fused = fused;
        this.settings = Objects.requireNonNull(settings, "settings");
        List<Slot> list = new ArrayList<>(parameters.size());
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            String name = Objects.requireNonNull(entry.getKey(), "parameter name");
            Parameter parameter = Objects.requireNonNull(entry.getValue(), "parameter " + name);
            list.add(new Slot(name, parameter, settings.decayRule().decays(name)));
        }
        this.slots = Collections.unmodifiableList(list);
        Parameter first = list.isEmpty() ? null : list.get(0).parameter;
        if (first != null && OPEN.stream().anyMatch(state -> state.optimizes(first))) {
            // A notebook cell run again builds a new optimizer for the same model while the old one may be
            // unreachable but not yet collected. Its moments (two model-sized buffers) live in native memory
            // the Java heap does not see, so nothing would prompt a collection: ask for one, and the cleaner
            // frees them.
            System.gc();
        }
        this.manager = TorchRuntime.engine().newBaseManager(deviceOf(list));
        manager.setName("adamw-state");
        NativeState state = new NativeState(manager, first);
        OPEN.add(state);
        this.cleanable = CLEANER.register(this, state);
        beta1 = manager.create((float) settings.beta1());
        beta2 = manager.create((float) settings.beta2());
        oneMinusBeta1 = manager.create((float) (1.0 - settings.beta1()));
        squareScale = manager.create((float) ((1.0 - settings.beta2()) / Math.pow(1.0 - settings.beta1(), 2)));
    }

    private static Device deviceOf(List<Slot> slots) {
        for (Slot slot : slots) {
            if (slot.parameter.isInitialized()) {
                return slot.parameter.getArray().getDevice();
            }
        }
        return TorchRuntime.engine().defaultDevice();
    }

    /** The settings this optimizer was built with. */
    public AdamWSettings settings() {
        return settings;
    }

    /** The parameter names, in update order. */
    public List<String> parameterNames() {
        return slots.stream().map(slot -> slot.name).toList();
    }

    /**
     * Whether weight decay applies to this parameter.
     *
     * @param name a parameter name given at construction
     * @return true when it is in the decayed group
     * @throws IllegalArgumentException for an unknown name
     */
    public boolean decays(String name) {
        return slot(name).decay;
    }

    /** The number of {@link #step(double)} calls so far (restored by {@link #loadState(Map)}). */
    public int stepCount() {
        return stepCount;
    }

    /**
     * Applies one AdamW update to every parameter that has a gradient, then
     * zeroes all gradients in place.
     *
     * @param learningRate the rate for this update (e.g. {@code schedule.at(stepCount())})
     * @throws IllegalArgumentException when the rate is negative or not finite
     */
    public void step(double learningRate) {
        step(learningRate, 1.0);
    }

    /**
     * Applies one AdamW update with every gradient multiplied by
     * {@code gradientScale} first, then zeroes all gradients in place. This is
     * how global-norm clipping joins the update without a pass of its own:
     * pass {@link GradientClipping.Norm#scale()} from
     * {@link GradientClipping#measure(java.util.Collection, double)}; the result
     * equals clipping the gradients and then calling {@link #step(double)}.
     *
     * @param learningRate  the rate for this update
     * @param gradientScale factor applied to every gradient, in (0, 1] for clipping
     * @throws IllegalArgumentException when the rate is negative or not finite, or the scale not positive and finite
     */
    public void step(double learningRate, double gradientScale) {
        ensureOpen();
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0: " + learningRate);
        }
        if (!(gradientScale > 0) || Double.isInfinite(gradientScale)) {
            throw new IllegalArgumentException("gradient scale must be finite and > 0: " + gradientScale);
        }
        if (fused) {
            fusedStep(learningRate, gradientScale);
            stepCount++;
            releaseGradients();
            return;
        }
        try (GradMode.Scope noGrad = GradMode.set(false); NDManager scratch = manager.newSubManager()) {
            NDArray decayFactor = settings.weightDecay() == 0
                    ? null
                    : scratch.create((float) (1.0 - learningRate * settings.weightDecay()));
            // g' = (1 - beta1) * scale * g in one multiplication; v's factor is unchanged (see update).
            NDArray firstScale = gradientScale == 1.0
                    ? oneMinusBeta1
                    : scratch.create((float) ((1.0 - settings.beta1()) * gradientScale));
            Map<Integer, Correction> corrections = new HashMap<>();
            for (Slot slot : slots) {
                try (NDArray gradient = Gradients.liveGradient(slot.parameter)) {
                    if (gradient == null) {
                        continue;
                    }
                    ensureState(slot);
                    slot.step++;
                    Correction correction = corrections.computeIfAbsent(
                            slot.step, t -> correction(scratch, learningRate, t));
                    update(slot, gradient, firstScale, slot.decay ? decayFactor : null, correction);
                }
            }
        }
        stepCount++;
        releaseGradients();
    }

    /**
     * The update through libtorch's fused AdamW kernel: one call per decay
     * group, each a single pass over every parameter's weight, gradient and
     * moments, with the gradient scale (clipping) applied inside the pass.
     */
    private void fusedStep(double learningRate, double gradientScale) {
        try (GradMode.Scope noGrad = GradMode.set(false); NDManager scratch = manager.newSubManager()) {
            FusedGroup decayed = new FusedGroup();
            FusedGroup exempt = new FusedGroup();
            for (Slot slot : slots) {
                NDArray gradient = Gradients.liveGradient(slot.parameter);
                if (gradient == null) {
                    continue;
                }
                gradient.attach(scratch);
                ensureState(slot);
                slot.step++;
                (slot.decay ? decayed : exempt).add(slot, gradient, scratch.create((float) slot.step));
            }
            // The kernel divides gradients by this scale (PyTorch's inverse AMP scale).
            NDArray inverseScale = scratch.create((float) (1.0 / gradientScale));
            decayed.run(this, learningRate, settings.weightDecay(), inverseScale);
            exempt.run(this, learningRate, 0.0, inverseScale);
        }
    }

    /** The aligned lists of one decay group for the fused kernel. */
    private static final class FusedGroup {
        final List<NDArray> params = new ArrayList<>();
        final List<NDArray> grads = new ArrayList<>();
        final List<NDArray> expAvgs = new ArrayList<>();
        final List<NDArray> expAvgSqs = new ArrayList<>();
        final List<NDArray> steps = new ArrayList<>();

        void add(Slot slot, NDArray gradient, NDArray step) {
            params.add(slot.parameter.getArray());
            grads.add(gradient);
            expAvgs.add(slot.expAvg);
            expAvgSqs.add(slot.expAvgSq);
            steps.add(step);
        }

        void run(AdamW optimizer, double learningRate, double weightDecay, NDArray inverseScale) {
            AdamWSettings s = optimizer.settings;
            TorchKernels.fusedAdamW(params, grads, expAvgs, expAvgSqs, steps, learningRate, s.beta1(), s.beta2(),
                    weightDecay, s.epsilon(), inverseScale);
        }
    }

    private Correction correction(NDManager scratch, double learningRate, int t) {
        // Bias corrections in double, as PyTorch computes them on the Python side.
        double bias1 = 1.0 - Math.pow(settings.beta1(), t);
        double bias2Sqrt = Math.sqrt(1.0 - Math.pow(settings.beta2(), t));
        return new Correction(scratch.create((float) (learningRate * bias2Sqrt / bias1)),
                scratch.create((float) (settings.epsilon() * bias2Sqrt)));
    }

    /**
     * The op-by-op update of one parameter, used when the fused kernel is
     * unavailable. Every line is a pass over the parameter's memory (passes,
     * not arithmetic, are the cost on a CPU): twelve, thirteen with decay.
     */
    private void update(Slot slot, NDArray gradient, NDArray firstScale, NDArray decayFactor, Correction correction) {
        NDArray weight = slot.parameter.getArray();
        if (decayFactor != null) {
            weight.muli(decayFactor);
        }
        // With g' = (1 - beta1) s g (s: the clipping scale): m = beta1 m + g', and
        // v = beta2 v + c g'^2 with c = (1 - beta2) / (1 - beta1)^2. The gradient is scratch space
        // from here on (it is zeroed after the step).
        gradient.muli(firstScale);
        slot.expAvg.muli(beta1).addi(gradient);
        gradient.muli(gradient).muli(squareScale);
        slot.expAvgSq.muli(beta2).addi(gradient);
        // p -= stepSize' m / (sqrt(v) + epsilon'), the denominator divided by stepSize' in place.
        try (NDArray denominator = slot.expAvgSq.sqrt()) {
            denominator.addi(correction.epsilon()).divi(correction.stepSize());
            try (NDArray step = slot.expAvg.div(denominator)) {
                weight.subi(step);
            }
        }
    }

    private void ensureState(Slot slot) {
        if (slot.expAvg != null) {
            return;
        }
        NDArray weight = slot.parameter.getArray();
        if (weight.getDataType() != DataType.FLOAT32) {
            throw new IllegalStateException("parameter " + slot.name + " is " + weight.getDataType()
                    + "; AdamW here updates float32 parameters only");
        }
        slot.expAvg = manager.zeros(weight.getShape(), DataType.FLOAT32);
        slot.expAvgSq = manager.zeros(weight.getShape(), DataType.FLOAT32);
    }

    /**
     * Frees every parameter's gradient, as PyTorch's
     * {@code zero_grad(set_to_none=True)}: the next backward starts without
     * one. {@link #step} does this after its update. Parameter handles change
     * (see the class notes); the {@code Parameter} objects do not.
     */
    public void releaseGradients() {
        for (Slot slot : slots) {
            Gradients.release(slot.parameter);
        }
    }

    /**
     * Zeroes every parameter's gradient in place (buffers kept). Parameters
     * without a gradient are left alone.
     */
    public void zeroGradients() {
        for (Slot slot : slots) {
            Gradients.zero(slot.parameter);
        }
    }

    /**
     * The optimizer state for an exact resume, as plain float32 data, in
     * parameter order: for each parameter updated at least once,
     * {@code <name>.exp_avg}, {@code <name>.exp_avg_sq} (the parameter's shape)
     * and {@code <name>.step} (a scalar), plus the scalar {@value #STEP_COUNT_KEY}.
     * Names are those of PyTorch's AdamW state.
     *
     * @return a new map the caller owns
     */
    public Map<String, FloatTensor> stateTensors() {
        ensureOpen();
        Map<String, FloatTensor> state = new LinkedHashMap<>();
        for (Slot slot : slots) {
            if (slot.expAvg == null) {
                continue;
            }
            long[] shape = slot.expAvg.getShape().getShape();
            state.put(slot.name + EXP_AVG_SUFFIX, new FloatTensor(shape, slot.expAvg.toFloatArray()));
            state.put(slot.name + EXP_AVG_SQ_SUFFIX, new FloatTensor(shape, slot.expAvgSq.toFloatArray()));
            state.put(slot.name + STEP_SUFFIX, FloatTensor.of(slot.step));
        }
        state.put(STEP_COUNT_KEY, FloatTensor.of(stepCount));
        return state;
    }

    /**
     * Replaces the whole state with one exported by {@link #stateTensors()}
     * (possibly from another process). Parameters absent from the map start
     * fresh, as if never updated.
     *
     * @param state the tensors, keyed as {@link #stateTensors()} writes them
     * @throws IllegalArgumentException for an unknown or incomplete key set or a shape
     *                                  that does not match the parameter; the state is then unchanged
     */
    public void loadState(Map<String, FloatTensor> state) {
        ensureOpen();
        Objects.requireNonNull(state, "state");
        Set<String> unused = new HashSet<>(state.keySet());
        int count = scalarInt(state, STEP_COUNT_KEY);
        unused.remove(STEP_COUNT_KEY);
        for (Slot slot : slots) {
            if (!state.containsKey(slot.name + EXP_AVG_SUFFIX)) {
                continue;
            }
            long[] shape = slot.parameter.getArray().getShape().getShape();
            for (String suffix : List.of(EXP_AVG_SUFFIX, EXP_AVG_SQ_SUFFIX)) {
                FloatTensor tensor = state.get(slot.name + suffix);
                if (tensor == null || !Arrays.equals(tensor.shape(), shape)) {
                    throw new IllegalArgumentException("optimizer state " + slot.name + suffix + " is "
                            + (tensor == null ? "missing" : "of shape " + new Shape(tensor.shape()))
                            + "; parameter shape is " + new Shape(shape));
                }
            }
            scalarInt(state, slot.name + STEP_SUFFIX);
            unused.removeAll(List.of(slot.name + EXP_AVG_SUFFIX, slot.name + EXP_AVG_SQ_SUFFIX,
                    slot.name + STEP_SUFFIX));
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("optimizer state has entries for no known parameter: "
                    + new TreeSet<>(unused));
        }
        // Validated: now replace.
        for (Slot slot : slots) {
            slot.clearState();
            FloatTensor avg = state.get(slot.name + EXP_AVG_SUFFIX);
            if (avg == null) {
                continue;
            }
            Shape shape = new Shape(avg.shape());
            slot.expAvg = manager.create(avg.data(), shape);
            slot.expAvgSq = manager.create(state.get(slot.name + EXP_AVG_SQ_SUFFIX).data(), shape);
            slot.step = scalarInt(state, slot.name + STEP_SUFFIX);
        }
        stepCount = count;
    }

    private static int scalarInt(Map<String, FloatTensor> state, String key) {
        FloatTensor tensor = state.get(key);
        if (tensor == null || tensor.data().length != 1) {
            throw new IllegalArgumentException("optimizer state " + key + " must be a scalar"
                    + (tensor == null ? " but is missing" : ""));
        }
        float value = tensor.data()[0];
        if (value < 0 || value != Math.rint(value)) {
            throw new IllegalArgumentException("optimizer state " + key + " is not a count: " + value);
        }
        return (int) value;
    }

    /**
     * The number of arrays this optimizer holds (moments and constants); for
     * leak checks.
     *
     * @return the count of live arrays in the optimizer's manager
     */
    public int liveArrayCount() {
        ensureOpen();
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    private Slot slot(String name) {
        for (Slot slot : slots) {
            if (slot.name.equals(name)) {
                return slot;
            }
        }
        throw new IllegalArgumentException("unknown parameter " + name);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("AdamW has been closed");
        }
    }

    /**
     * Frees the moment state. The parameters and their gradients are untouched.
     * An optimizer dropped without closing is freed once it is garbage-collected.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }

    /** Optimizers whose native state is not freed yet (closed ones and collected ones are not counted). */
    public static int openOptimizers() {
        return OPEN.size();
    }

    /**
     * The native part of an optimizer: freed once, by {@link #close()} or by the
     * cleaner. It must not refer to the optimizer (or the cleaner would never run),
     * and holds the first parameter weakly so it does not keep a model alive.
     */
    private static final class NativeState implements Runnable {
        private final NDManager manager;
        private final WeakReference<Parameter> first;

        NativeState(NDManager manager, Parameter first) {
            this.manager = manager;
            this.first = new WeakReference<>(first);
        }

        boolean optimizes(Parameter parameter) {
            return first.get() == parameter;
        }

        @Override
        public void run() {
            OPEN.remove(this);
            manager.close();
        }
    }
}
