package dev.cpotoolkit.cli;

import ai.djl.Device;
import dev.cpotoolkit.runtime.TorchRuntime;

import java.util.Locale;

/** CPOConfig's {@code device} names ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}, {@code cuda:N}) as DJL devices. */
final class Devices {

    private Devices() {}

    /**
     * The DJL device a name means; {@code auto} is the engine's default (a GPU when one is visible).
     * A GPU libtorch cannot use is refused here, before any data or weights are read.
     *
     * @throws IllegalArgumentException for any other name, or a GPU that is not there
     */
    static Device parse(String name) {
        Device device = named(name);
        TorchRuntime.checkDevice(device);
        return device;
    }

    private static Device named(String name) {
        String text = name.trim().toLowerCase(Locale.ROOT);
        if (text.equals("auto")) {
            return TorchRuntime.engine().defaultDevice();
        }
        if (text.equals("cpu")) {
            return Device.cpu();
        }
        if (text.equals("gpu") || text.equals("cuda")) {
            return Device.gpu();
        }
        if (text.matches("(gpu|cuda):\\d+")) {
            return Device.gpu(Integer.parseInt(text.substring(text.indexOf(':') + 1)));
        }
        throw new IllegalArgumentException("device = " + name + ": must be auto, cpu, gpu or gpu:N");
    }
}
