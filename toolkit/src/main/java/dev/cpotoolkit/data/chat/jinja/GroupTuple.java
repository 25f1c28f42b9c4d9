package dev.cpotoolkit.data.chat.jinja;

import java.util.Arrays;
import java.util.List;

/** The {@code (grouper, list)} pairs of the {@code groupby} filter, which also have those two attributes. */
final class GroupTuple extends PyTuple {

    GroupTuple(Object grouper, List<Object> list) {
        super(Arrays.asList(grouper, list));
    }
}
