package dev.cpotoolkit.model;

import dev.cpotoolkit.model.checkpoint.SafetensorsDType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BF16 and F16 model folders read by an independent PyTorch program
 * ({@code halfprecision/check_half_save.py}): every tensor is bit for bit what
 * {@code tensor.to(torch.bfloat16 / torch.float16)} makes of the float32 save,
 * the headers and {@code config.json} agree on the type, and a sharded folder's
 * index is consistent.
 */
class HalfPrecisionReferenceTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1} shard limit {2}")
    @CsvSource({
        "tiny-gpt2, BF16, 0",
        "tiny-llama, BF16, 0",
        "tiny-qwen2, BF16, 8192",
        "tiny-gpt2, F16, 8192",
        "tiny-llama, F16, 0",
        "tiny-qwen2, F16, 0",
    })
    void pytorchRoundsTheFloat32SaveToTheSameBits(String fixture, SafetensorsDType dtype, long shardLimit)
            throws Exception {
        Path f32 = temp.resolve("f32");
        Path half = temp.resolve("half");
        try (CausalLM model = CausalLM.load(Fixtures.folder(fixture))) {
            model.save(f32);
            if (shardLimit > 0) {
                model.save(half, null, dtype, shardLimit);
            } else {
                model.save(half, null, dtype);
            }
        }
        String out = check(f32, half, 0);
        assertTrue(out.startsWith("ok " + dtype.torchName() + " "), out);
        if (shardLimit > 0) {
            assertFalse(out.endsWith(" 1"), "more than one file: " + out);
        }
        if (shardLimit == 0) {
            // The checker can fail: one bit off in the last element of the file.
            Path file = half.resolve("model.safetensors");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                channel.read(last, channel.size() - 2);
                last.put(0, (byte) (last.get(0) ^ 1)).rewind();
                channel.write(last, channel.size() - 2);
            }
            String refused = check(f32, half, 1);
            assertTrue(refused.contains("saved bits") && refused.contains("torch gives"), refused);
        }
    }

    private static String check(Path f32, Path half, int expectedExit) throws Exception {
        Path script = Path.of(HalfPrecisionReferenceTest.class.getResource("/halfprecision/check_half_save.py").toURI());
        Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), f32.toString(), half.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(expectedExit, process.waitFor(), out);
        return out;
    }
}
