package dev.cpotoolkit.testkernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Evaluates a cell's source in JShell as the Java kernels do: the startup scripts first (once, on
 * the first cell), then the source cut into complete snippets with
 * {@link SourceCodeAnalysis#analyzeCompletion}, each evaluated in turn; the value of the last
 * snippet, when it is an expression or a variable, is the cell's result. The first snippet that
 * fails stops the cell with a {@link CellEvaluationException}.
 */
public final class CellEvaluator {

    private final JShell shell;
    private final PooledExecutionControl control;
    private final SourceCodeAnalysis analysis;
    private final List<String> startupScripts;
    private boolean started;

    /**
     * @param shell          the kernel's JShell
     * @param control        the execution control the shell was built with
     * @param startupScripts sources evaluated before the first cell
     */
    public CellEvaluator(JShell shell, PooledExecutionControl control, List<String> startupScripts) {
        this.shell = shell;
        this.control = control;
        this.analysis = shell.sourceCodeAnalysis();
        this.startupScripts = new ArrayList<>(startupScripts);
    }

    /** The shell, for magics that change its class path. */
    public JShell shell() {
        return shell;
    }

    /**
     * Evaluates {@code source} (after the startup scripts, the first time).
     *
     * @return the value of its final expression or variable, else null
     * @throws CellEvaluationException when a snippet does not compile or throws, or the source is incomplete
     */
    public synchronized Object eval(String source) {
        if (!started) {
            started = true;
            for (String script : startupScripts) {
                evalAll(script);
            }
        }
        return evalAll(source);
    }

    /** Interrupts the snippet that is running, if any. */
    public void interrupt() {
        control.interrupt();
    }

    private Object evalAll(String source) {
        Object result = null;
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(source);
        while (info.completeness().isComplete()) {
            result = evalSnippet(info.source());
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new CellEvaluationException("incomplete input: " + info.remaining().strip(),
                    List.of(info.remaining().strip()), null);
        }
        return result;
    }

    private Object evalSnippet(String source) {
        List<SnippetEvent> events = shell.eval(source);
        Object result = null;
        // Take every stored value first, so a failing snippet leaks none.
        for (SnippetEvent event : events) {
            Snippet.SubKind kind = event.snippet().subKind();
            boolean shown = switch (kind) {
                case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> true;
                default -> false;
            };
            result = shown && event.value() != null ? control.takeValue(event.value()) : null;
        }
        // Statements and declarations ran too, but JShell reports no key for their values.
        control.discardValues();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            if (event.exception() != null) {
                throw failure(event.exception(), source);
            }
            if (!event.status().isDefined()) {
                throw compilationFailure(event.snippet());
            }
        }
        return result;
    }

    private CellEvaluationException failure(JShellException exception, String source) {
        if (exception instanceof EvalException eval) {
            String name = eval.getExceptionClassName();
            if (PooledExecutionControl.INTERRUPTED.equals(name)) {
                return new CellEvaluationException("Evaluation interrupted.",
                        List.of(source.strip(), "Evaluation interrupted."), eval);
            }
            List<String> report = new ArrayList<>();
            report.add(name + ": " + eval.getMessage());
            for (StackTraceElement frame : eval.getStackTrace()) {
                report.add("    at " + frame);
            }
            return new CellEvaluationException(report.get(0), report, eval);
        }
        if (exception instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet snippet = unresolved.getSnippet();
            List<String> report = new ArrayList<>(List.of(snippet.source().strip(), "Unresolved dependencies:"));
            shell.unresolvedDependencies(snippet).forEach(name -> report.add("   - " + name));
            return new CellEvaluationException(String.join("\n", report), report, exception);
        }
        return new CellEvaluationException(String.valueOf(exception.getMessage()),
                List.of(String.valueOf(exception)), exception);
    }

    private CellEvaluationException compilationFailure(Snippet snippet) {
        List<String> report = new ArrayList<>();
        report.add(snippet.source().strip());
        shell.diagnostics(snippet).forEach(diag -> report.add((diag.isError() ? "error: " : "warning: ")
                + diag.getMessage(Locale.ROOT)));
        if (snippet instanceof DeclarationSnippet declaration) {
            List<String> unresolved = shell.unresolvedDependencies(declaration).collect(Collectors.toList());
            if (!unresolved.isEmpty()) {
                report.add("Unresolved dependencies: " + String.join(", ", unresolved));
            }
        }
        return new CellEvaluationException(String.join("\n", report), report, null);
    }
}
