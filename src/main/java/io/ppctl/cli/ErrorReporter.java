package io.ppctl.cli;

import io.ppctl.console.Console;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Quote;
import io.ppctl.core.Text;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place where failures become text and exit codes: one clear line on stderr (a config with several
 * problems lists them all), a stack trace only with --stacktrace.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final Invocation invocation;
    private final GlobalOptions global;

    ErrorReporter(Invocation invocation, GlobalOptions global) {
        this.invocation = invocation;
        this.global = global;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        StringBuilder line = new StringBuilder("ppctl: ");
        if (ex instanceof UnmatchedArgumentException u && u.isUnknownOption()) {
            line.append(Text.firstLine(ex.getMessage()));
        } else if (ex instanceof UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty() && !u.getUnmatched().isEmpty()) {
            line.append("unknown command ").append(Quote.of(u.getUnmatched().get(0)));
        } else {
            line.append(Text.firstLine(ex.getMessage()));
        }
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions.stream().limit(3).toList())).append("?)");
            }
        }
        List<String> secrets = ex instanceof UnmatchedArgumentException u ? secretValues(u.getUnmatched(), args) : List.of();
        String text = shortenQuoted(redact(line.toString(), secrets));
        if (!secrets.isEmpty()) {
            text += "; ppctl takes no secret as an argument (it would show in the process list and shell history): "
                    + "use --username with --password-stdin, or PPCTL_<REGISTRY>_PASSWORD";
        }
        text += "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'";
        invocation.err().println(text);
        // The trace repeats the message, secret included.
        if (stacktraceWanted(args) && secrets.isEmpty()) {
            ex.printStackTrace(invocation.err());
        }
        // The cleaned text, not picocli's line: that one holds the secret and the whole of a huge argument.
        if (jsonWanted(args)) {
            printJson(ExitCode.USAGE.code(), cmd.getCommandName(), text.substring("ppctl: ".length()));
        }
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        int code = report(ex);
        boolean printed = cmd.getCommand() instanceof PpctlSubcommand s && s.openConsole() != null && s.openConsole().resultPrinted();
        if (global.output == Console.Format.JSON && !printed) {
            String step = ex instanceof PpctlException p && p.step() != null ? p.step() : cmd.getCommandName();
            String message = code == ExitCode.INTERRUPTED.code() ? "interrupted"
                    : ex instanceof PpctlException p ? p.getMessage() + (p.hint() == null ? "" : " (" + p.hint() + ")")
                    : "internal error: " + ex;
            printJson(code, step, message);
        }
        return code;
    }

    /** The failure as JSON: what `--output json` prints on stdout when a command fails, so its reader gets JSON. */
    record Failure(String status, int exitCode, String step, String message) {}

    private void printJson(int code, String step, String message) {
        invocation.out().println(Console.toJson(new Failure("failed", code, step, message)));
        invocation.out().flush();
    }

    private static boolean jsonWanted(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--output=json") || (args[i].equals("--output") && i + 1 < args.length && args[i + 1].equals("json"))) {
                return true;
            }
        }
        return false;
    }

    /** Prints {@code ex} the ppctl way and returns its exit code. */
    int report(Throwable ex) {
        PrintStream err = invocation.err();
        if (InterruptHandler.wasInterrupted()) {
            err.println("ppctl: interrupted; removed what this run had started");
            return ExitCode.INTERRUPTED.code();
        }
        if (ex instanceof PpctlException p) {
            err.println("ppctl: " + p.getMessage() + (p.hint() == null ? "" : " (" + p.hint() + ")"));
            if (global.stacktrace) {
                ex.printStackTrace(err);
            }
            return p.exitCode().code();
        }
        err.println("ppctl: internal error: " + ex + " (rerun with --stacktrace and report it)");
        if (global.stacktrace) {
            ex.printStackTrace(err);
        }
        return ExitCode.INTERNAL.code();
    }

    private static final Pattern SECRET_OPTION = Pattern.compile("(?i)^-.*(pass|token|secret)");

    /**
     * The values given to unknown options whose name says password, token or secret: the word after
     * {@code --password}, or what follows {@code --password=}. Never echoed: they are what someone meant to keep secret.
     */
    static List<String> secretValues(List<String> unmatched, String[] args) {
        List<String> out = new ArrayList<>();
        for (String word : unmatched) {
            if (!SECRET_OPTION.matcher(word).find()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq > 0) {
                if (eq + 1 < word.length()) {
                    out.add(word.substring(eq + 1));
                }
                continue;
            }
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals(word) && !args[i + 1].startsWith("-") && !args[i + 1].isEmpty()) {
                    out.add(args[i + 1]);
                }
            }
        }
        return out;
    }

    /** {@code line} with every quoted occurrence of a secret ('hunter2', --password=hunter2') replaced by ***. */
    static String redact(String line, List<String> secrets) {
        String out = line;
        for (String secret : secrets) {
            out = out.replace("'" + secret + "'", "'***'").replace("=" + secret + "'", "=***'");
        }
        return out;
    }

    private static final Pattern LONG_QUOTED = Pattern.compile("'([^']{" + (Quote.MAX + 1) + ",})'");

    /** picocli quotes the arguments it refuses whole: keep a short prefix of each. */
    static String shortenQuoted(String line) {
        return LONG_QUOTED.matcher(line).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(Quote.of(m.group(1))));
    }

    private static boolean stacktraceWanted(String[] args) {
        for (String a : args) {
            if (a.equals("--stacktrace")) {
                return true;
            }
        }
        return false;
    }
}
