package dev.cpotoolkit.cli;

import dev.cpotoolkit.data.DatasetFormatException;
import dev.cpotoolkit.data.chat.ChatTemplateException;
import dev.cpotoolkit.model.checkpoint.CheckpointException;
import dev.cpotoolkit.hub.HubException;
import dev.cpotoolkit.tokenize.TokenizationException;
import dev.cpotoolkit.util.EditDistance;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How the CLI reports failures: one line naming the command and the problem,
 * never a stack trace unless {@code --verbose} was given. Exit code
 * {@value #USAGE} for anything the user can fix in the command line or its
 * inputs (a bad flag or value, a missing or malformed file, an unusable
 * model folder), {@value #FAILURE} for anything else (a diverged run, a bug).
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** Exit code of a usage or input error (picocli's and the shell's convention). */
    static final int USAGE = 2;
    /** Exit code of any other failure. */
    static final int FAILURE = 1;

    /** Exceptions that mean "your input is wrong", not "the program failed". */
    private static final List<Class<? extends Exception>> INPUT_ERRORS = List.of(
            IllegalArgumentException.class, // includes ConfigException
            DatasetFormatException.class, TokenizationException.class, ChatTemplateException.class,
            CheckpointException.class, HubException.class, NoSuchFileException.class);

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        StringBuilder line = new StringBuilder(firstLine(e.getMessage()));
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0);
            // A word where a subcommand was expected (`cpo trian`) is compared with the subcommands.
            Collection<String> known = typed.startsWith("-") || command.getSubcommands().isEmpty()
                    ? command.getCommandSpec().optionsMap().keySet() : command.getSubcommands().keySet();
            List<String> closest = closest(typed, known);
            if (!closest.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", closest)).append("?)");
            }
        }
        err.println(prefix(command) + line + ". See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        if (verbose(command.getParseResult()) && e.getCause() != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println(prefix(command) + "error: " + describe(e));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return INPUT_ERRORS.stream().anyMatch(type -> type.isInstance(e)) ? USAGE : FAILURE;
    }

    /** The option names nearest to a mistyped one (edit distance at most 3), best first; ties all kept. */
    static List<String> closest(String typed, Collection<String> names) {
        String wanted = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        int best = 4;
        List<String> out = new ArrayList<>();
        for (String name : names) {
            int distance = EditDistance.between(wanted, name);
            if (distance < best) {
                best = distance;
                out.clear();
            }
            if (distance == best) {
                out.add(name);
            }
        }
        return out;
    }

    private static String prefix(CommandLine command) {
        return command.getCommandSpec().qualifiedName() + ": ";
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "file not found: " + message;
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String firstLine(String message) {
        String text = message == null ? "invalid command line" : message.strip();
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline).strip();
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** True when {@code --verbose} was given anywhere on the command line. */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult at = parsed; at != null; at = at.subcommand()) {
            if (at.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
