package dev.cpotoolkit.notebook.runner;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One notebook's JShell, evaluating cells with IJava's semantics: magics first
 * rewritten (here: executed in place), then snippets cut with
 * {@link SourceCodeAnalysis#analyzeCompletion} and evaluated one by one, the
 * value of a final expression being the cell's result. Unlike IJava it stops at
 * the first problem, including an {@code import} outside the first code cell
 * (which in a kernel silently recompiles earlier snippets and can null their
 * variables).
 */
final class NotebookSession implements AutoCloseable {

    /** What IJava's startup script imports; notebooks may rely on exactly these. */
    private static final List<String> STARTUP = List.of(
            "import java.util.*;", "import java.io.*;", "import java.math.*;", "import java.net.*;",
            "import java.util.concurrent.*;", "import java.util.prefs.*;", "import java.util.regex.*;",
            "import static " + NotebookDisplay.class.getName() + ".*;",
            "public void printf(String format, Object... args) { System.out.printf(format, args); }");

    /** Subkinds whose value IJava shows as the cell's result. */
    private static final Set<Snippet.SubKind> RESULT_KINDS = Set.of(Snippet.SubKind.VAR_VALUE_SUBKIND,
            Snippet.SubKind.OTHER_EXPRESSION_SUBKIND, Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);

    private final String name;
    private final Path folder;
    private final JShell shell;
    private final CapturingExecutionControl control;
    private final SourceCodeAnalysis analysis;
    private final Path runtimeClasses;

    /**
     * @param name   the notebook's name for messages
     * @param folder the notebook's folder, where relative magic paths start
     */
    NotebookSession(String name, Path folder) {
        this.name = name;
        this.folder = folder.toAbsolutePath().normalize();
        CapturingExecutionControl.Provider provider = new CapturingExecutionControl.Provider();
        this.runtimeClasses = extractRuntimeClass();
        // The compiler sees only the display functions until %jars/%classpath add more, as in a
        // kernel, so a notebook that forgets %jars fails here too. JShell's compiler takes its
        // class path from java.class.path when it first compiles (a -classpath compiler option
        // would override addToClasspath), so the property is narrowed for the startup snippets.
        String classPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", runtimeClasses.toString());
        try {
            this.shell = JShell.builder().executionEngine(provider, java.util.Map.of()).build();
            this.control = provider.control();
            this.analysis = shell.sourceCodeAnalysis();
            for (String line : STARTUP) {
                evalSnippet(0, line, true);
            }
        } finally {
            System.setProperty("java.class.path", classPath);
        }
    }

    /**
     * Runs one code cell.
     *
     * @param cell           the cell's 1-based position in the notebook, for messages
     * @param source         the cell's source
     * @param importsAllowed whether this is the first code cell, the only one allowed imports
     * @return the value of the cell's final expression, or null
     * @throws NotebookFailure on any problem
     */
    Object runCell(int cell, String source, boolean importsAllowed) {
        Object result = null;
        for (CellSource.Segment segment : CellSource.split(source)) {
            if (segment instanceof CellSource.Magic magic) {
                runMagic(cell, magic);
                result = null;
                continue;
            }
            String remaining = ((CellSource.Code) segment).source();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            while (info.completeness().isComplete()) {
                result = evalSnippet(cell, info.source(), importsAllowed);
                info = analysis.analyzeCompletion(info.remaining());
            }
            if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                throw failure(cell, "incomplete source (a missing ';', brace or parenthesis?)", info.remaining());
            }
        }
        return result;
    }

    private void runMagic(int cell, CellSource.Magic magic) {
        if (magic.cell()) {
            throw failure(cell, "the cell magic %%" + magic.name() + " is not supported by the notebook runner",
                    magic.line());
        }
        switch (magic.name()) {
            case "jars", "classpath" -> {
                boolean directories = magic.name().equals("classpath");
                if (magic.args().isEmpty()) {
                    throw failure(cell, "%" + magic.name() + " needs at least one path or glob", magic.line());
                }
                for (String glob : magic.args()) {
                    List<Path> paths = PathGlobs.expand(folder, glob, directories);
                    if (paths.isEmpty()) {
                        throw failure(cell, "%" + magic.name() + " " + glob + " matched nothing under " + folder
                                + " (build the toolkit first: mvn -B -DskipTests package)", magic.line());
                    }
                    paths.forEach(p -> shell.addToClasspath(p.toString()));
                }
            }
            case "maven", "loadFromPOM" -> throw failure(cell, "%" + magic.name() + " resolves from the network, "
                    + "which the notebook runner does not do; load the built toolkit with %jars instead", magic.line());
            default -> throw failure(cell, "unknown magic %" + magic.name()
                    + " (the runner supports %jars and %classpath)", magic.line());
        }
    }

    /** Evaluates one complete snippet and returns its value if it is an expression, else null. */
    private Object evalSnippet(int cell, String source, boolean importsAllowed) {
        if (!importsAllowed) {
            for (Snippet snippet : analysis.sourceToSnippets(source)) {
                if (snippet.kind() == Snippet.Kind.IMPORT) {
                    throw failure(cell, "an import outside the first code cell recompiles earlier snippets and can "
                            + "reset their variables to null in IJava; move it to the first cell", source);
                }
            }
        }
        List<SnippetEvent> events = shell.eval(source);
        Object result = null;
        for (SnippetEvent event : events) {
            // Take every stored value, even of snippets that failed, so none leaks.
            if (control.hasValue(event.value())) {
                Object value = control.takeValue(event.value());
                if (event.causeSnippet() == null && RESULT_KINDS.contains(event.snippet().subKind())) {
                    result = value;
                }
            }
        }
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            JShellException exception = event.exception();
            if (exception != null) {
                throw failure(cell, describe(exception), source);
            }
            if (!event.status().isDefined() || event.status() == Snippet.Status.RECOVERABLE_DEFINED) {
                throw failure(cell, "does not compile (" + event.status() + "):\n" + diagnostics(event.snippet()),
                        source);
            }
        }
        return result;
    }

    private String describe(JShellException exception) {
        Throwable original = control.takeLastException();
        if (exception instanceof UnresolvedReferenceException unresolved) {
            return "uses a declaration that does not compile: " + unresolved.getSnippet().source().strip();
        }
        StringWriter trace = new StringWriter();
        if (original != null) {
            original.printStackTrace(new PrintWriter(trace));
        } else if (exception instanceof EvalException eval) {
            trace.append(eval.getExceptionClassName()).append(": ").append(eval.getMessage());
        } else {
            exception.printStackTrace(new PrintWriter(trace));
        }
        return "threw " + trace.toString().strip();
    }

    private String diagnostics(Snippet snippet) {
        return shell.diagnostics(snippet).map(this::describe).collect(Collectors.joining("\n"));
    }

    private String describe(Diag diag) {
        return "  " + (diag.isError() ? "error" : "warning") + " at " + diag.getStartPosition() + ": "
                + diag.getMessage(Locale.ROOT);
    }

    private NotebookFailure failure(int cell, String what, String source) {
        String snippet = source.strip().lines().limit(12).map(l -> "    | " + l).collect(Collectors.joining("\n"));
        return new NotebookFailure(name + ", cell " + cell + ": " + what + "\n  snippet:\n" + snippet);
    }

    /**
     * Copies the display class into a folder of its own, so the notebook's
     * compiler sees IJava's display names but not the rest of the toolkit (a
     * notebook that forgets {@code %jars} fails here as in a kernel).
     */
    private static Path extractRuntimeClass() {
        String resource = NotebookDisplay.class.getName().replace('.', '/') + ".class";
        try (InputStream in = NotebookDisplay.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cannot find " + resource);
            }
            Path dir = Files.createTempDirectory("notebook-runtime");
            Path file = dir.resolve(resource);
            Files.createDirectories(file.getParent());
            Files.copy(in, file);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the notebook runtime", e);
        }
    }

    @Override
    public void close() {
        shell.close();
        try (var files = Files.walk(runtimeClasses)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp folder is harmless.
        }
    }
}
