package dev.cpotoolkit.notebook.runner;

import dev.cpotoolkit.notebook.DisplayFrontend;
import dev.cpotoolkit.notebook.MimeRenderer;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runner's stand-in for a kernel's display API: displays become outputs of
 * the cell being executed, and an update replaces the bundle of its display
 * wherever in the notebook it is, as Jupyter replaces a display in place.
 */
final class RunnerFrontend implements DisplayFrontend {

    private final Map<String, CellOutputs.Display> displays = new ConcurrentHashMap<>();
    private volatile CellOutputs current;

    /** Sets the cell whose outputs new displays join. */
    void setCurrent(CellOutputs cell) {
        current = cell;
    }

    /** The cell being executed, or null between cells. */
    CellOutputs current() {
        return current;
    }

    @Override
    public boolean isNotebook() {
        return true;
    }

    @Override
    public String display(Object value) {
        String id = UUID.randomUUID().toString();
        CellOutputs cell = current;
        if (cell == null) {
            throw new IllegalStateException("display() outside a cell");
        }
        displays.put(id, cell.display(id, MimeRenderer.render(value)));
        return id;
    }

    @Override
    public void updateDisplay(String id, Object value) {
        CellOutputs.Display display = displays.get(id);
        if (display != null) {
            display.bundle = MimeRenderer.render(value);
        }
    }
}
