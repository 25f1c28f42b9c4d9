/**
 * The notebook experience: showing toolkit objects in Jupyter notebooks run by
 * the IJava kernel (or its fork JJava) without a compile-time dependency on
 * either.
 *
 * <ul>
 *   <li>{@link dev.cpotoolkit.notebook.Notebook} finds a kernel reflectively,
 *       displays any object and updates a display in place; with no kernel it
 *       prints plain text.</li>
 *   <li>{@link dev.cpotoolkit.notebook.MimeRenderer} turns objects into MIME
 *       bundles: XChart charts and images as {@code image/png}, Tablesaw tables
 *       as {@code text/html} ({@link dev.cpotoolkit.notebook.TableHtml}).</li>
 *   <li>{@link dev.cpotoolkit.notebook.NotebookProgress} is the live training
 *       progress display the trainer adds by itself inside a notebook.</li>
 * </ul>
 *
 * <p>{@code dev.cpotoolkit.notebook.runner} executes whole notebooks through
 * JShell with IJava's semantics, for the test suite and to refresh the
 * committed outputs.
 */
package dev.cpotoolkit.notebook;
