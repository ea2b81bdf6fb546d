package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the configured CommandLine; main() and the tests use this same factory. */
public final class CommandLineFactory {
    private CommandLineFactory() {}

    /** The whole command line, every subcommand registered (usage, completion, tests of the model). */
    public static CommandLine create(Invocation invocation) {
        return create(invocation, PpctlCommand.SUBCOMMANDS);
    }

    /**
     * The command line for running {@code args}. Building a subcommand's model (picocli's reflection over its options)
     * is most of ppctl's start-up, so only the subcommands that {@code args} name are registered: any other cannot be
     * reached. A command line that names none, or asks for help or completion, gets all of them, so usage lists and
     * "did you mean" suggestions stay complete; `--version` alone needs none.
     */
    public static CommandLine forArgs(Invocation invocation, String... args) {
        Set<String> words = new java.util.HashSet<>(java.util.Arrays.asList(args));
        if (words.contains("-h") || words.contains("--help") || words.contains("completion")) {
            return create(invocation);
        }
        List<Class<?>> named = PpctlCommand.SUBCOMMANDS.stream().filter(c -> words.contains(nameOf(c))).toList();
        if (named.isEmpty() && !(args.length == 1 && (args[0].equals("--version") || args[0].equals("-V")))) {
            return create(invocation);
        }
        return create(invocation, named);
    }

    /**
     * A subcommand's name from its class name (SmokeTestCommand is smoke-test): reading 14 @Command annotations costs
     * more start-up time than the rest of this selection. CommandLineFactoryTest checks it against every annotation.
     */
    static String nameOf(Class<?> subcommand) {
        String simple = subcommand.getSimpleName().replaceAll("Command$", "");
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static CommandLine create(Invocation invocation, List<Class<?>> subcommands) {
        PpctlCommand root = new PpctlCommand(invocation);
        CommandLine cl = new CommandLine(root);
        // Before the settings below: picocli applies them to the subcommands registered at that moment.
        subcommands.forEach(cl::addSubcommand);
        ErrorReporter reporter = new ErrorReporter(invocation, root.global());
        cl.setOut(new java.io.PrintWriter(invocation.out(), true));
        cl.setErr(new java.io.PrintWriter(invocation.err(), true));
        cl.setExecutionExceptionHandler(reporter);
        cl.setParameterExceptionHandler(reporter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setAbbreviatedOptionsAllowed(false);
        cl.setUsageHelpAutoWidth(true);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(invocation.terminal()
                && invocation.env().get("NO_COLOR") == null ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        Map<String, String> codes = exitCodeHelp();
        applyExitCodeHelp(cl, codes);
        return cl;
    }

    static Map<String, String> exitCodeHelp() {
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            codes.put(String.format("%3d", c.code()), c.meaning());
        }
        return codes;
    }

    private static void applyExitCodeHelp(CommandLine cl, Map<String, String> codes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            applyExitCodeHelp(sub, codes);
        }
    }
}
