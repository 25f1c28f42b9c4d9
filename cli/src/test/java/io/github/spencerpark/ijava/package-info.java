/**
 * A stand-in for the IJava 1.3.0 kernel (kernel name {@code java}), for the notebook tests. IJava's
 * own jar is not on Maven Central, so this package re-creates, in the project's own code, the parts
 * of it that decide whether a notebook runs: the same class names the toolkit and notebooks reach
 * ({@code IJava.getKernelInstance()}, {@code runtime.Display}), IJava's startup script, its magics
 * rewritten into calls of {@code runtime.Magics}, {@code %jars}/{@code %classpath} globbing with the
 * base kernel's {@code GlobFinder}, and JShell executing in the kernel's JVM on a thread pool
 * ({@link dev.cpotoolkit.testkernel}). Everything else — the Jupyter protocol over ZeroMQ,
 * {@code DisplayData}, the {@code Renderer}, the magics registry — is the real
 * {@code jupyter-jvm-basekernel} 2.3.0, run on IJava's exact dependency set.
 */
package io.github.spencerpark.ijava;
