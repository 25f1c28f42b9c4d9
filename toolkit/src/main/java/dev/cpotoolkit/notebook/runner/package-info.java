/**
 * Executes Jupyter notebooks written for the IJava kernel, without Jupyter:
 * cells are split into snippets with JShell's {@code SourceCodeAnalysis} and
 * evaluated in process on pool threads as IJava does, {@code %jars} and
 * {@code %classpath} magics are honoured, {@code display}, {@code render} and
 * {@code updateDisplay} exist under IJava's names, and the last expression of a
 * cell becomes its output. Any compile error, rejected snippet or exception
 * fails the run, naming notebook, cell and snippet.
 *
 * <p>{@link dev.cpotoolkit.notebook.runner.NotebookRunner} is the command and
 * the API: it runs each notebook in a fresh JVM whose working directory is the
 * notebook's folder (a kernel's situation) and can write the outputs back into
 * the {@code .ipynb} files in nbformat 4.
 */
package dev.cpotoolkit.notebook.runner;
