package dev.cpotoolkit.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** Runs the CLI in-process and keeps what it printed. */
record Cli(int exitCode, String out, String err) {

    /** The repository's bundled seed-chat dataset (tests run in toolkit/). */
    static final Path SEED_CHAT = Path.of("..", "datasets", "seed-chat", "train.jsonl");

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cpo = CpoCommand.newCommandLine();
        cpo.setOut(new PrintWriter(out, true));
        cpo.setErr(new PrintWriter(err, true));
        int code = cpo.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Non-empty lines of standard output. */
    List<String> outLines() {
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
