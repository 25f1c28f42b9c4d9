package dev.cpotoolkit.runtime;

import ai.djl.engine.Engine;
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
