package io.ppctl.console;

import io.ppctl.event.Event;
import io.ppctl.event.EventListener;

/** --quiet: only warnings; the result and errors are printed by the command itself. */
final class QuietRenderer implements EventListener {
    private final Console console;

    QuietRenderer(Console console) {
        this.console = console;
    }

    @Override
    public void on(Event event) {
        if (event instanceof Event.Warning w) {
            console.warn(w.message());
        }
    }
}
