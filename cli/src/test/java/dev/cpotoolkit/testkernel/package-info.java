/**
 * The execution core of the test kernels: JShell evaluating notebook cells inside the kernel's own
 * JVM, as the IJava and JJava kernels do it. The kernel stand-ins under
 * {@code io.github.spencerpark.ijava} and {@code org.dflib.jjava} put it behind each kernel's real
 * base library (Jupyter protocol, display and magics from Maven Central), and
 * {@link dev.cpotoolkit.notebook.NotebooksIT} runs the tutorial notebooks in them through Jupyter's
 * own {@code nbconvert --execute}.
 *
 * <p>What these classes reproduce on purpose, because it is where notebooks break:
 * <ul>
 *   <li>cells run in the kernel's JVM, whose application class path is the kernel's dependency set,
 *       and classes load parent-first: a library the kernel carries wins over a notebook's copy;</li>
 *   <li>{@code %jars} and {@code %classpath} add to JShell's class loader, a child of that class path;</li>
 *   <li>each snippet runs on a cached thread pool, so consecutive cells may run on different threads;
 *       their context class loader is JShell's, inherited from the thread that built JShell;</li>
 *   <li>an interrupt cancels the running snippet's future (interrupting its thread) and the kernel
 *       answers at once, while the snippet's code stops only when it checks.</li>
 * </ul>
 * Only the JDK is used here, so the same classes serve both kernels.
 */
package dev.cpotoolkit.testkernel;
