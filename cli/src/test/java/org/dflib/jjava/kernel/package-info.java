/**
 * A stand-in for the JJava 1.0-a6 kernel (JJava is IJava's maintained fork), for the notebook
 * tests. Only JJava's base library, {@code jjava-jupyter}, is on Maven Central; this package
 * re-creates its Java kernel in the project's own code under the names notebooks reach
 * ({@code JavaNotebookStatics}): JShell in the kernel's JVM with JJava's URL class loader
 * ({@link dev.cpotoolkit.testkernel.UrlLoaderDelegate}), {@code %classpath} and the deprecated
 * {@code %jars} resolved with the base library's {@code PathsHandler}, and extensions installed from
 * added jars. Protocol, display, rendering, magic parsing and the notebook statics are the real
 * {@code jjava-jupyter} 1.0-a6, on its own dependency set.
 */
package org.dflib.jjava.kernel;
