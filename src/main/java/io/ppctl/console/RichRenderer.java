package io.ppctl.console;

import io.ppctl.core.Durations;
import io.ppctl.event.Event;
import io.ppctl.event.EventListener;

import java.io.PrintStream;

/**
 * For a terminal: one status line per step that updates in place (the current Dockerfile step, the layer
 * being pushed), replaced by a final line when the step ends. Output lines are kept only with --verbose.
 */
final class RichRenderer implements EventListener {
    private static final String CLEAR = "\r\u001b[2K";
    private static final String UP = "\u001b[1A";
    private static final int WIDTH = 120;
    private final Console console;
    /** Lines above the cursor that belong to the live block (a push's board), erased before anything else prints. */
    private int blockAbove;

    RichRenderer(Console console) {
        this.console = console;
    }

    @Override
    public synchronized void on(Event event) {
        PrintStream err = console.err();
        Style s = console.style();
        boolean verbose = console.verbosity() == Console.Verbosity.VERBOSE;
        if (event instanceof Event.Board b) {
            board(b);
            err.flush();
            return;
        }
        eraseBlock();
        if (event instanceof Event.StepStarted e) {
            status(s.cyan("... ") + s.bold(e.step()) + " " + e.description());
        } else if (event instanceof Event.StepFinished e) {
            err.print(CLEAR);
            err.println(e.status() == Event.Status.PASSED
                    ? s.green("ok   ") + s.bold(e.step()) + s.dim(" " + Durations.format(e.duration()))
                    + (e.summary() == null || e.summary().isEmpty() ? "" : "  " + e.summary())
                    : s.red("FAIL ") + s.bold(e.step()) + s.dim(" " + Durations.format(e.duration()))
                    + "  " + PlainRenderer.headline(e.summary()));
        } else if (event instanceof Event.StepSkipped e) {
            err.print(CLEAR);
            err.println(s.yellow("skip ") + s.bold(e.step()) + "  " + e.reason());
        } else if (event instanceof Event.Log e) {
            if (verbose) {
                err.print(CLEAR);
                err.println(s.dim("    " + e.line()));
            }
            status(s.cyan("... ") + s.bold(e.step()) + " " + e.line().trim());
        } else if (event instanceof Event.Progress e) {
            status(s.cyan("... ") + s.bold(e.step()) + " " + e.item() + " " + e.state() + PlainRenderer.progress(e));
        } else if (event instanceof Event.Warning e) {
            err.print(CLEAR);
            console.warn(e.message());
        } else if (event instanceof Event.Debug e && verbose) {
            err.print(CLEAR);
            err.println(s.dim("    " + e.message()));
        }
        err.flush();
    }

    /** Redraws the board in place: each line of it, the cursor left at the end of the last. */
    private void board(Event.Board b) {
        eraseBlock();
        PrintStream err = console.err();
        for (int i = 0; i < b.lines().size(); i++) {
            String flat = b.lines().get(i).replace('\n', ' ').replace('\r', ' ');
            err.print(CLEAR + (flat.length() > WIDTH ? flat.substring(0, WIDTH) : flat));
            if (i < b.lines().size() - 1) {
                err.print("\n");
            }
        }
        blockAbove = Math.max(0, b.lines().size() - 1);
    }

    /** Clears the lines of the live block above the cursor, so the next output starts where the block began. */
    private void eraseBlock() {
        PrintStream err = console.err();
        for (; blockAbove > 0; blockAbove--) {
            err.print(CLEAR + UP);
        }
    }

    private void status(String line) {
        String flat = line.replace('\n', ' ').replace('\r', ' ');
        console.err().print(CLEAR + (flat.length() > WIDTH ? flat.substring(0, WIDTH) : flat));
    }
}
