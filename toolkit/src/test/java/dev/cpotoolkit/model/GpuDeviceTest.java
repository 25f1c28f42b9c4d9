package dev.cpotoolkit.model;

import ai.djl.Device;
import dev.cpotoolkit.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Asking for a GPU that libtorch cannot use says so in a line or two, with how
 * to get a GPU build, instead of libtorch's multi-line CUDA dispatch error.
 */
class GpuDeviceTest {

    @Test
    void loadingOnAMissingGpuExplainsWhatToInstall() {
        assumeTrue(TorchRuntime.engine().getGpuCount() == 0, "this machine has a usable GPU");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CausalLM.load(Fixtures.folder("tiny-llama"), Device.gpu()).close());
        assertShort(error.getMessage());
    }

    @Test
    void buildingAPresetOnAMissingGpuExplainsToo() {
        assumeTrue(TorchRuntime.engine().getGpuCount() == 0, "this machine has a usable GPU");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ModelPresets.tiny(ModelPresets.TINY_DEFAULT_VOCAB, 1, Device.gpu()).close());
        assertShort(error.getMessage());
    }

    @Test
    void aGpuIndexPastTheLastGpuIsNamed() {
        int count = TorchRuntime.engine().getGpuCount();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TorchRuntime.checkDevice(Device.gpu(count)));
        assertTrue(error.getMessage().contains("gpu(" + count + ")") || error.getMessage().contains("gpu:" + count),
                error.getMessage());
    }

    @Test
    void theCpuIsAlwaysFine() {
        TorchRuntime.checkDevice(Device.cpu());
    }

    static void assertShort(String message) {
        assertTrue(message.lines().count() <= 2, message);
        assertTrue(message.contains("GPU"), message);
        assertTrue(message.contains("PYTORCH_FLAVOR") && message.contains("pytorch-native-cu"), message);
    }
}
