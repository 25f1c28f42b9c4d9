package dev.cpotoolkit.model.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {

    static Path fixture(String relative) throws URISyntaxException {
        return Path.of(SafetensorsFileTest.class.getResource("/fixtures/" + relative).toURI());
    }

    @Test
    void widensBf16ByPlacingItsBitsInTheHighHalf() throws Exception {
        try (SafetensorsFile file = SafetensorsFile.open(fixture("tiny-llama/model.safetensors"))) {
            TensorInfo info = file.info("model.embed_tokens.weight");
            assertEquals(SafetensorsDType.BF16, info.dtype());
            byte[] raw = file.readRawBytes(info.name());
            float[] widened = file.readFloats(info.name());
            ByteBuffer bits = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : widened) {
                assertEquals(Float.intBitsToFloat((bits.getShort() & 0xFFFF) << 16), value);
            }
            assertEquals(info.elementCount(), widened.length);
        }
    }

    @Test
    void widensF16Exactly() throws Exception {
        try (SafetensorsFile file = SafetensorsFile.open(fixture("tiny-qwen2/model.safetensors"))) {
            TensorInfo info = file.info("model.layers.1.self_attn.v_proj.weight");
            assertEquals(SafetensorsDType.F16, info.dtype());
            float[] widened = file.readFloats(info.name());
            ByteBuffer bits = ByteBuffer.wrap(file.readRawBytes(info.name())).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : widened) {
                short half = bits.getShort();
                assertEquals(half, ShortHalf.fromFloat(value), "narrowing back must give the stored bits");
            }
            assertTrue(file.metadata().containsKey("format"));
        }
    }

    @Test
    void readsInt64TokenIds() throws Exception {
        JsonObject expected = JsonParser.parseString(Files.readString(fixture("tiny-gpt2/expected.json")))
                .getAsJsonObject();
        JsonArray firstChosen = expected.getAsJsonObject("settings").getAsJsonObject("no_truncation")
                .getAsJsonArray("examples").get(0).getAsJsonObject().getAsJsonArray("chosen_input_ids");
        try (SafetensorsFile file = SafetensorsFile.open(fixture("tiny-gpt2/logits.safetensors"))) {
            long[] shape = file.info("input_ids").shape();
            long[] ids = file.readLongs("input_ids");
            long[] firstRow = new long[firstChosen.size()];
            System.arraycopy(ids, 0, firstRow, 0, firstRow.length);
            long[] wanted = new long[firstChosen.size()];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = firstChosen.get(i).getAsLong();
            }
            assertArrayEquals(wanted, firstRow);
            assertEquals(shape[0] * shape[1], ids.length);
        }
    }

    @Test
    void halfFloatEdgeCases() {
        assertEquals(0.0f, HalfFloat.toFloat((short) 0x0000));
        assertEquals(-0.0f, HalfFloat.toFloat((short) 0x8000));
        assertEquals(1.0f, HalfFloat.toFloat((short) 0x3C00));
        assertEquals(-2.0f, HalfFloat.toFloat((short) 0xC000));
        assertEquals(65504.0f, HalfFloat.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, HalfFloat.toFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.toFloat((short) 0x7C00));
        assertTrue(Float.isNaN(HalfFloat.toFloat((short) 0x7E00)));
    }

    /** Float to half by round-to-nearest-even, only to check exactness of the widening above. */
    private static final class ShortHalf {
        static short fromFloat(float value) {
            int bits = Float.floatToIntBits(value);
            int sign = (bits >>> 16) & 0x8000;
            int exponent = ((bits >>> 23) & 0xFF) - 127 + 15;
            int mantissa = bits & 0x7FFFFF;
            if (exponent <= 0) {
                // Subnormal or zero half (exact values only in these tests).
                if (exponent < -10) {
                    return (short) sign;
                }
                mantissa |= 0x800000;
                return (short) (sign | (mantissa >> (14 - exponent)));
            }
            return (short) (sign | (exponent << 10) | (mantissa >> 13));
        }
    }
}
