package io.ppctl.console;

import io.ppctl.core.Durations;
import io.ppctl.core.Text;
import io.ppctl.event.Event;
import io.ppctl.event.EventListener;

import java.io.PrintStream;

/** For CI logs and pipes: one line per event, nothing rewritten, every build step and its output kept. */
final class PlainRenderer implements EventListener {
    private final Console console;

    PlainRenderer(Console console) {
        this.console = console;
    }

    @Override
    public void on(Event event) {
        PrintStream err = console.err();
        Style s = console.style();
        if (event instanceof Event.StepStarted e) {
            err.println(s.bold("==> " + e.step()) + ": " + e.description());
        } else if (event instanceof Event.StepFinished e) {
            err.println(e.status() == Event.Status.PASSED
                    ? s.green("ok ") + e.step() + " (" + Durations.format(e.duration()) + ")" + suffix(e.summary())
                    : s.red("FAILED ") + e.step() + " (" + Durations.format(e.duration()) + ")" + suffix(headline(e.summary())));
        } else if (event instanceof Event.StepSkipped e) {
            err.println(s.yellow("skip ") + e.step() + ": " + e.reason());
        } else if (event instanceof Event.Log e) {
            err.println("    " + e.line());
        } else if (event instanceof Event.Progress e) {
            // Plain logs keep only state changes; per-chunk progress would flood a CI log.
            if (console.verbosity() == Console.Verbosity.VERBOSE || e.total() < 0 || "done".equals(e.state())) {
                err.println("    " + e.item() + ": " + e.state() + progress(e));
            }
        } else if (event instanceof Event.Warning e) {
            console.warn(e.message());
        } else if (event instanceof Event.Debug e && console.verbosity() == Console.Verbosity.VERBOSE) {
            err.println(s.dim("    " + e.message()));
        }
        err.flush();
    }

    static String progress(Event.Progress e) {
        return e.total() > 0 ? " " + (100 * e.current() / e.total()) + "%" : "";
    }

    private static String suffix(String summary) {
        return summary == null || summary.isEmpty() ? "" : ": " + summary;
    }

    /**
     * The first line of a failure, for the one-line step summary. When it introduces lines that follow ("...; the
     * last lines of its output:"), that clause goes: the lines are in the error printed at the end, not here.
     */
    static String headline(String s) {
        String first = Text.firstLine(s);
        if (first.endsWith(":") && s.lines().count() > 1) {
            int clause = first.lastIndexOf("; ");
            first = clause > 0 ? first.substring(0, clause) : first.substring(0, first.length() - 1);
        }
        return first;
    }
}
