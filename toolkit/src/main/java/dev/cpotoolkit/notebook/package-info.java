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
 * <p>Inside a kernel the toolkit's classes are loaded by JShell's class loader,
 * below the kernel's own libraries; the packaged jar therefore relocates every
 * library it bundles that a kernel might also carry (README, "Inside a Jupyter
 * kernel"). The notebook tests run the tutorials in kernels built from IJava's
 * and JJava's real dependency sets ({@code NotebooksIT}).
 */
package dev.cpotoolkit.notebook;
