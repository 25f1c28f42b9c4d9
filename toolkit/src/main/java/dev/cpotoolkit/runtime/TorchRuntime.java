package dev.cpotoolkit.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one door to DJL's PyTorch engine.
 *
 * <p>Every toolkit class that touches DJL goes through {@link #engine()} or
 * {@link #newManager()}, so DJL is always configured the same way before it
 * starts: offline (it never tries to download an engine or a tokenizer flavour),
 * with usage tracking turned off, and with PyTorch as the default engine. These
 * are defaults, not overrides: a value the user already set as a system property
 * or an environment variable wins.
 *
 * <pre>{@code
 * try (NDManager manager = TorchRuntime.newManager()) {
 *     NDArray x = manager.create(new float[] {1, 2, 3});
 * }
 * }</pre>
 */
public final class TorchRuntime {

    /** The DJL engine name of PyTorch. */
    public static final String ENGINE_NAME = "PyTorch";

    /**
     * The settings applied before DJL starts, in the order applied. Keys are
     * read by DJL both as system properties and as environment variables.
     */
    private static final Map<String, String> DEFAULTS = defaults();

    /**
     * Settings read by libtorch's OpenMP runtime from the process environment
     * when it starts, so they are written there (not as Java properties) before
     * the engine loads. With OpenMP's default active waiting, idle threads spin
     * between parallel regions; on a 2-core machine that is also running
     * anything else (a notebook server, a build, a second JVM) the spinning
     * threads fight for the cores and a tiny model's step measured 100x slower
     * (6 ms vs 850 ms). Passive waiting costs nothing measurable on large ops.
     */
    private static final Map<String, String> NATIVE_DEFAULTS = Map.of("OMP_WAIT_POLICY", "PASSIVE");

    private static volatile boolean configured;

    private TorchRuntime() {}

    private static Map<String, String> defaults() {
        Map<String, String> map = new LinkedHashMap<>();
        // Never reach the network: the native library comes from the classpath jar.
        map.put("ai.djl.offline", "true");
        // DJL's engine start-up otherwise sends a telemetry request.
        map.put("OPT_OUT_TRACKING", "true");
        // The tokenizers library otherwise tries to download a CUDA build on GPU hosts.
        map.put("RUST_FLAVOR", "cpu");
        map.put("ai.djl.default_engine", ENGINE_NAME);
        return map;
    }

    /**
     * Applies the toolkit's DJL defaults once per JVM. Safe to call from any
     * thread, any number of times; it never overrides a value the user set.
     */
    public static void ensureConfigured() {
        if (configured) {
            return;
        }
        synchronized (TorchRuntime.class) {
            if (configured) {
                return;
            }
            for (Map.Entry<String, String> entry : DEFAULTS.entrySet()) {
                String key = entry.getKey();
                if (System.getProperty(key) == null && System.getenv(key) == null) {
                    System.setProperty(key, entry.getValue());
                }
            }
            NativeEnvironment.setIfAbsent(NATIVE_DEFAULTS);
            configured = true;
        }
    }

    /** The Java-property defaults this class applies (for documentation and tests). */
    public static Map<String, String> defaultSettings() {
        return Map.copyOf(DEFAULTS);
    }

    /** The native-environment defaults this class applies before libtorch loads. */
    public static Map<String, String> nativeDefaults() {
        return NATIVE_DEFAULTS;
    }

    /** The PyTorch engine, configured offline first. */
    public static Engine engine() {
        ensureConfigured();
        return Engine.getEngine(ENGINE_NAME);
    }

    /**
     * Checks that libtorch can use {@code device} before anything is placed on
     * it. A GPU asked of a CPU-only libtorch would otherwise fail inside the
     * first native call with libtorch's many-line CUDA dispatch error, which
     * does not say what to install.
     *
     * @throws IllegalArgumentException in a line or two: what is missing and how to get a GPU build
     */
    public static void checkDevice(Device device) {
        if (!device.isGpu()) {
            return;
        }
        Engine engine = engine();
        int gpus = engine.getGpuCount();
        if (device.getDeviceId() < gpus) {
            return;
        }
        if (!engine.hasCapability(StandardCapabilities.CUDA)) {
            throw new IllegalArgumentException("device " + device + " is not available: the libtorch loaded ("
                    + engine.getVersion() + ") is a CPU-only build, so DJL sees 0 GPUs. " + GPU_BUILD_HINT);
        }
        throw new IllegalArgumentException("device " + device + " is not available: libtorch has CUDA but DJL sees "
                + gpus + " GPU" + (gpus == 1 ? "" : "s") + (gpus == 0 ? " (no driver or no visible device)"
                : " (gpu:0 to gpu:" + (gpus - 1) + ")") + "; use one of those or the CPU");
    }

    /** How to get a CUDA libtorch, as the README's GPU section explains it. */
    static final String GPU_BUILD_HINT = "For a GPU, build with -Dcpo.gpu and set PYTORCH_FLAVOR=cu128 (with"
            + " PYTORCH_LIBRARY_PATH at a CUDA libtorch, or DJL_OFFLINE=false so DJL downloads one), or put"
            + " ai.djl.pytorch:pytorch-native-cu128 on the classpath; else use the CPU.";

    /** A new root manager on the engine's default device; close it when done. */
    /** A new root manager on the engine's default device; close it when done. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /**
     * The array as DJL's PyTorch type, for the JNI calls DJL's generic API
     * lacks.
     *
     * @throws IllegalArgumentException for an array of another engine (the toolkit runs on PyTorch only)
     */
    public static PtNDArray pytorchArray(NDArray array) {
        if (array instanceof PtNDArray) {
            return (PtNDArray) array;
        }
        throw new IllegalArgumentException("expected a PyTorch-engine array, got " + array.getClass().getName()
                + " (the toolkit runs on DJL's PyTorch engine only)");
    }

    /** A short description of the engine, for logs and notebooks: name, version, device. */
    public static String describe() {
        Engine engine = engine();
        return engine.getEngineName() + " " + engine.getVersion() + " on " + engine.defaultDevice();
    }
}
