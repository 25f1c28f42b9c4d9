package org.dflib.jjava.kernel;

import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

import java.io.File;
import java.util.List;
import java.util.stream.Collectors;

/**
 * JJava's {@code %classpath}, and {@code %jars}, which JJava keeps as a deprecated alias that warns
 * on standard error (the warning shows in the notebook).
 */
final class ClasspathMagic implements LineMagic<String, JavaKernel> {

    private final boolean deprecatedJarsAlias;

    ClasspathMagic(boolean deprecatedJarsAlias) {
        this.deprecatedJarsAlias = deprecatedJarsAlias;
    }

    @Override
    public String eval(JavaKernel kernel, List<String> args) {
        if (deprecatedJarsAlias) {
            System.err.println("'%jars' magic is deprecated and will be removed in the future versions of JJava. "
                    + "A more generic '%classpath' should be used in its place.");
        }
        String classpath = args.stream()
                .flatMap(arg -> PathsHandler.resolveGlobs(arg).stream())
                .map(path -> path.toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        kernel.addToClasspath(classpath);
        return classpath;
    }
}
