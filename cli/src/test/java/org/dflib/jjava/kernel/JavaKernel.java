package org.dflib.jjava.kernel;

import dev.cpotoolkit.testkernel.CellEvaluationException;
import dev.cpotoolkit.testkernel.CellEvaluator;
import dev.cpotoolkit.testkernel.PooledExecutionControl;
import dev.cpotoolkit.testkernel.UrlLoaderDelegate;
import jdk.jshell.JShell;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JJava's Java kernel over the real {@code jjava-jupyter} base: magics resolved by the base
 * library's parser into {@code BaseNotebookStatics} calls, cells evaluated by JShell in this JVM.
 */
public final class JavaKernel extends BaseKernel {

    private final CellEvaluator evaluator;
    private final UrlLoaderDelegate loader;

    private JavaKernel(MagicsRegistry magics, UrlLoaderDelegate loader, CellEvaluator evaluator) {
        super("JJava", "1.0-a6",
                new LanguageInfo.Builder("Java").version(Runtime.version().toString()).mimetype("text/x-java-source")
                        .fileExtension(".jshell").pygments("java").codemirror("java").build(),
                List.of(new HelpLink("JJava homepage", "https://github.com/dflib/jjava")),
                null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), magics, true,
                new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG).build());
        this.loader = loader;
        this.evaluator = evaluator;
    }

    /**
     * A kernel with JJava's magics and startup snippets. Call on the thread that will start the
     * connection: JJava's loader becomes its context class loader, inherited by the cell threads.
     *
     * @param startupSnippets sources evaluated before the first cell
     */
    public static JavaKernel create(List<String> startupSnippets) {
        UrlLoaderDelegate loader = new UrlLoaderDelegate();
        PooledExecutionControl control = new PooledExecutionControl("JJava-executor-", loader);
        JShell shell = JShell.builder().executionEngine(new ExecutionControlProvider() {
            @Override
            public String name() {
                return "JJava";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        }, Map.of()).build();
        MagicsRegistry magics = new MagicsRegistry();
        magics.registerLineMagic("classpath", new ClasspathMagic(false));
        magics.registerLineMagic("jars", new ClasspathMagic(true));
        return new JavaKernel(magics, loader, new CellEvaluator(shell, control, startupSnippets));
    }

    /**
     * Adds paths (separated by the path separator, globs allowed) to JShell's class path, then
     * installs the extensions those jars declare, as JJava does.
     */
    public void addToClasspath(String classpath) {
        if (classpath == null || classpath.isBlank()) {
            return;
        }
        String resolved = PathsHandler.joinPaths(PathsHandler.splitAndResolveGlobs(classpath));
        evaluator.shell().addToClasspath(resolved);
        if (extensionsEnabled) {
            installExtensions(resolved);
        }
    }

    @Override
    public Object evalRaw(String source) {
        return evaluator.eval(magicParser.resolveMagics(source));
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return null;
    }

    @Override
    public String isComplete(String code) {
        return IS_COMPLETE_MAYBE;
    }

    @Override
    protected ClassLoader getClassLoader() {
        return loader.classLoader();
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellEvaluationException failure) {
            return failure.report();
        }
        return super.formatError(e);
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        evaluator.shell().close();
    }
}
