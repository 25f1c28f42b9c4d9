package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.cpotoolkit.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

/** Padding layout: chosen rows then rejected rows, right-padded to the longest of both halves. */
class PreferenceCollatorTest {

    private static TokenizedPair pair(int index, int[] chosen, int[] rejected, int promptLength) {
        return new TokenizedPair(index, Arrays.copyOf(chosen, promptLength),
                chosen, mask(chosen, promptLength), rejected, mask(rejected, promptLength), 0);
    }

    private static int[] mask(int[] ids, int promptLength) {
        int[] labels = ids.clone();
        Arrays.fill(labels, 0, promptLength, -100);
        return labels;
    }

    private static PreferenceBatch batch() {
        return new PreferenceCollator(9, -100).collate(List.of(
                pair(3, new int[] {1, 2, 3}, new int[] {1, 2, 4, 5, 6}, 2),
                pair(7, new int[] {1, 5}, new int[] {1, 6, 7}, 1)));
    }

    @Test
    void chosenRowsThenRejectedRowsPaddedToTheLongestRow() {
        PreferenceBatch b = batch();
        assertEquals(2, b.batchSize());
        assertEquals(5, b.sequenceLength());
        assertArrayEquals(new long[] {4, 5}, b.shape());
        assertArrayEquals(new int[] {3, 7}, b.exampleIndices());
        assertArrayEquals(new int[][] {
            {1, 2, 3, 9, 9}, {1, 5, 9, 9, 9}, {1, 2, 4, 5, 6}, {1, 6, 7, 9, 9}}, b.inputIds());
        assertArrayEquals(new int[][] {
            {1, 1, 1, 0, 0}, {1, 1, 0, 0, 0}, {1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}}, b.attentionMask());
        assertArrayEquals(new int[][] {
            {-100, -100, 3, -100, -100}, {-100, 5, -100, -100, -100},
            {-100, -100, 4, 5, 6}, {-100, 6, 7, -100, -100}}, b.labels());
        assertThrows(IllegalArgumentException.class, () -> new PreferenceCollator(0, -100).collate(List.of()));
    }

    @Test
    void toNDListMakesInt64Tensors() {
        PreferenceBatch b = batch();
        TorchRuntime.ensureConfigured();
        try (NDManager manager = TorchRuntime.newManager()) {
            NDList list = b.toNDList(manager);
            assertEquals(3, list.size());
            assertEquals("input_ids", list.get(0).getName());
            assertEquals("attention_mask", list.get(1).getName());
            assertEquals("labels", list.get(2).getName());
            for (int i = 0; i < 3; i++) {
                assertEquals(DataType.INT64, list.get(i).getDataType());
                assertEquals(new Shape(4, 5), list.get(i).getShape());
            }
            assertArrayEquals(new long[] {1, 2, 3, 9, 9, 1, 5, 9, 9, 9, 1, 2, 4, 5, 6, 1, 6, 7, 9, 9},
                    list.get(0).toLongArray());
            assertArrayEquals(new long[] {-100, -100, 3, -100, -100}, b.labels(manager).get(0).toLongArray());
        }
    }
}
