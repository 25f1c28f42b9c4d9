package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import dev.cpotoolkit.runtime.TorchKernels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The precision policy every matmul of the models consults: Hugging Face's
 * {@code bf16} (mixed precision as {@code torch.autocast(dtype=torch.bfloat16)}
 * does it). Inside a {@link #bf16()} scope, linear layers (including GPT-2's
 * Conv1D), attention and the LM head multiply in bfloat16 and return float32;
 * everything else (embeddings, norms, softmax of the loss, log-probs, losses,
 * the float32 master weights and AdamW's state) stays float32. Outside a scope
 * (the default) every op is float32, exactly as before.
 *
 * <p>Why a thread-local scope and not a field of {@link ForwardContext}: this is
 * how {@code torch.autocast} works too (a per-thread switch around forward and
 * backward), and it keeps the layers' signatures unchanged. A scope must also
 * cover backward when layers are checkpointed, since their recomputation runs
 * there (the training step opens it around both).
 *
 * <p>Why bfloat16 tensors never reach Java: DJL's Java API aborts the JVM on
 * BF16 arrays, so the casts happen inside the toolkit's TorchScript kernels
 * ({@link TorchKernels#bf16Linear} and friends) and only float32 arrays cross
 * back. Each use of a weight casts it inside its kernel; autograd carries the
 * gradient back through the cast to the float32 weight.
 */
public final class MixedPrecision {

    private static final Logger LOG = LoggerFactory.getLogger(MixedPrecision.class);
    private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private MixedPrecision() {}

    /** An open bf16 region; closing it restores the enclosing precision. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a bfloat16 region on this thread (regions nest). Says once per JVM,
     * as one WARN line, when this CPU has no bfloat16 instructions.
     *
     * @throws IllegalStateException when the bfloat16 kernels did not compile on this libtorch
     */
    public static Scope bf16() {
        if (!TorchKernels.bf16Available()) {
            throw new IllegalStateException("bf16 needs the toolkit's bfloat16 TorchScript kernels, which did not"
                    + " load on this libtorch", TorchKernels.bf16UnavailableReason());
        }
        warnIfSlow();
        DEPTH.set(DEPTH.get() + 1);
        return () -> DEPTH.set(DEPTH.get() - 1);
    }

    /** A scope that is {@link #bf16()} when {@code enabled}, else does nothing. */
    public static Scope of(boolean enabled) {
        return enabled ? bf16() : () -> { };
    }

    /** Whether this thread is inside a bf16 region. */
    public static boolean active() {
        return DEPTH.get() > 0;
    }

    /** {@code x W^T} for a weight stored (out, in); bfloat16 inside a region. */
    public static NDArray linear(NDArray x, NDArray weight) {
        return active() ? TorchKernels.bf16Linear(x, weight) : Linear.linear(x, weight).singletonOrThrow();
    }

    /** {@code x W} for a weight stored (in, out); bfloat16 inside a region. */
    public static NDArray matMul(NDArray x, NDArray weight) {
        return active() ? TorchKernels.bf16MatMul(x, weight) : x.matMul(weight);
    }

    /**
     * Why bfloat16 matmuls will be emulated (slow) on this machine's CPU, or
     * null when it has bfloat16 instructions or the answer is unknown.
     */
    public static String emulationReason() {
        return slowReason(cpuFlags(), System.getProperty("os.arch"));
    }

    private static void warnIfSlow() {
        String why = emulationReason();
        if (why != null && WARNED.compareAndSet(false, true)) {
            LOG.warn("bf16: {}; bf16 matmuls will run emulated and slower than float32 (results are still"
                    + " mixed precision)", why);
        }
    }

    /**
     * Why bfloat16 will be slow on a CPU with these {@code /proc/cpuinfo}
     * flags, or null when it has native bfloat16 (AVX512-BF16 or AMX-BF16) or
     * the flags are unknown (not Linux/x86: e.g. Apple or ARM, where libtorch
     * picks its own kernels, and where a wrong warning is worse than none).
     */
    static String slowReason(String flags, String arch) {
        if (flags == null || arch == null || !(arch.contains("amd64") || arch.contains("x86"))) {
            return null;
        }
        String lower = " " + flags.toLowerCase(Locale.ROOT) + " ";
        if (lower.contains(" avx512_bf16 ") || lower.contains(" amx_bf16 ")) {
            return null;
        }
        return "this CPU has no bfloat16 instructions (no avx512_bf16 or amx_bf16 in /proc/cpuinfo)";
    }

    /** The first {@code flags} line of /proc/cpuinfo, or null where there is none. */
    private static String cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .map(line -> line.substring(line.indexOf(':') + 1))
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Forgets that the slow-CPU warning was logged, so a test can watch it happen once. */
    static void resetWarning() {
        WARNED.set(false);
    }
}
