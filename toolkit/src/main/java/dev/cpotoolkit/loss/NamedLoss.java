package dev.cpotoolkit.loss;

/**
 * A loss that carries its name: what logs, charts and run comparisons show,
 * and what {@link #toString()} prints in a notebook cell.
 */
abstract class NamedLoss implements PreferenceLoss {

    private final String name;

    NamedLoss(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String toString() {
        return name;
    }
}
