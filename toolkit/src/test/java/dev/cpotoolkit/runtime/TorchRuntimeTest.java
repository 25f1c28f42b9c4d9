package dev.cpotoolkit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TorchRuntimeTest {

    @Test
    void computesOnThePyTorchEngine() {
        try (NDManager manager = TorchRuntime.newManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = manager.create(new float[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray product = a.matMul(b);
            assertEquals("PyTorch", product.getManager().getEngine().getEngineName());
            assertArrayEquals(new float[] {19, 22, 43, 50}, product.toFloatArray());
        }
    }

    @Test
    void setsOfflineDefaultsBeforeTheEngineStarts() {
        TorchRuntime.engine();
        for (var entry : TorchRuntime.defaultSettings().entrySet()) {
            String expected = System.getenv(entry.getKey()) != null
                    ? System.getenv(entry.getKey())
                    : entry.getValue();
            String actual = System.getProperty(entry.getKey(), System.getenv(entry.getKey()));
            assertEquals(expected, actual, entry.getKey());
        }
    }

    @Test
    void asksOpenMpForPassiveWaitingInTheNativeEnvironment() {
        TorchRuntime.engine();
        NativeEnvironment.CLibrary libc = com.sun.jna.Native.load(com.sun.jna.Platform.C_LIBRARY_NAME,
                LibcGetenv.class);
        String expected = System.getenv("OMP_WAIT_POLICY") != null ? System.getenv("OMP_WAIT_POLICY") : "PASSIVE";
        assertEquals(expected, ((LibcGetenv) libc).getenv("OMP_WAIT_POLICY"));
    }

    /** libc's getenv, to read what native code sees (Java's System.getenv is a start-up copy). */
    interface LibcGetenv extends NativeEnvironment.CLibrary {
        String getenv(String name);
    }
}
