package io.ppctl.cli;

import io.ppctl.console.Console;
import io.ppctl.core.PpctlException;

/** Turns the global options and the environment into a {@link Console}. */
final class ConsoleFactory {
    private ConsoleFactory() {}

    static Console create(Invocation inv, GlobalOptions g) {
        if (g.verbose && g.quiet) {
            throw PpctlException.usage("--verbose and --quiet contradict each other; give one of them");
        }
        String noColor = inv.env().get("NO_COLOR");
        String term = inv.env().getOrDefault("TERM", "");
        boolean color = inv.terminal() && !g.noColor && (noColor == null || noColor.isEmpty()) && !term.equals("dumb");
        Console.Verbosity verbosity = g.quiet ? Console.Verbosity.QUIET
                : g.verbose ? Console.Verbosity.VERBOSE : Console.Verbosity.NORMAL;
        boolean rich = inv.terminal() && !term.equals("dumb") && inv.env().get("CI") == null;
        return new Console(inv.out(), inv.err(), color, verbosity, g.output, rich);
    }
}
