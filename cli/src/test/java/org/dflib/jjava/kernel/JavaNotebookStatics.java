package org.dflib.jjava.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** What JJava's startup imports statically besides the base library's display functions. */
public final class JavaNotebookStatics {

    private JavaNotebookStatics() {}

    /** The running kernel. */
    public static JavaKernel kernel() {
        return (JavaKernel) BaseKernel.notebookKernel();
    }
}
