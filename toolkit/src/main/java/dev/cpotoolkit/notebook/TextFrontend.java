package dev.cpotoolkit.notebook;

import java.util.UUID;

/**
 * The frontend outside notebooks (CLI, tests, kernels without a display API):
 * displays print their plain text on standard output; updates print nothing,
 * so a progress display does not flood a log.
 */
final class TextFrontend implements DisplayFrontend {

    @Override
    public boolean isNotebook() {
        return false;
    }

    @Override
    public String display(Object value) {
        System.out.println(MimeRenderer.render(value).text());
        return UUID.randomUUID().toString();
    }

    @Override
    public void updateDisplay(String id, Object value) {
        // Deliberately silent: only notebooks can replace an output in place.
    }
}
