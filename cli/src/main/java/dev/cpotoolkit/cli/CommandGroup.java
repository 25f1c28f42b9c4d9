package dev.cpotoolkit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A command that only groups subcommands ({@code cpo}, {@code cpo datasets},
 * {@code cpo demo}): called without one, it prints its usage help on standard
 * error and returns the usage exit code.
 */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliErrors.USAGE;
    }
}
