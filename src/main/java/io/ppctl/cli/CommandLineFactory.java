package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the configured CommandLine; main() and the tests use this same factory. */
public final class CommandLineFactory {
    private CommandLineFactory() {}

    public static CommandLine create(Invocation invocation) {
        PpctlCommand root = new PpctlCommand(invocation);
        CommandLine cl = new CommandLine(root);
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
