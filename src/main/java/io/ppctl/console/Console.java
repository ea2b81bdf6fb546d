package io.ppctl.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.JsonMappers;
import io.ppctl.event.EventListener;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Where output goes: results (data) on stdout, as text or JSON; progress, warnings and errors on stderr.
 * The renderer chosen here is the only thing that turns events into text.
 */
public final class Console {
    private boolean resultPrinted;

    public enum Verbosity { QUIET, NORMAL, VERBOSE }

    public enum Format { TEXT, JSON }

    private static final ObjectMapper JSON = JsonMappers.files();

    private final PrintStream out;
    private final PrintStream err;
    private final Style style;
    private final Verbosity verbosity;
    private final Format format;
    private final boolean rich;

    public Console(PrintStream out, PrintStream err, boolean color, Verbosity verbosity, Format format, boolean rich) {
        this.out = out;
        this.err = err;
        this.style = new Style(color);
        this.verbosity = verbosity;
        this.format = format;
        this.rich = rich && verbosity != Verbosity.QUIET;
    }

    public PrintStream err() {
        return err;
    }

    public Style style() {
        return style;
    }

    public Verbosity verbosity() {
        return verbosity;
    }

    /** Whether a result went to stdout already (then a failure adds no second JSON object). */
    public boolean resultPrinted() {
        return resultPrinted;
    }

    public boolean json() {
        return format == Format.JSON;
    }

    /** Prints a command's result: {@code data} as JSON with --output json, else what {@code text} prints. */
    public void result(Object data, Consumer<PrintStream> text) {
        resultPrinted = true;
        if (json()) {
            out.println(toJson(data));
        } else {
            text.accept(out);
        }
        out.flush();
    }

    /** A line on stderr that --quiet hides (progress, notes). */
    public void info(String line) {
        if (verbosity != Verbosity.QUIET) {
            err.println(line);
        }
    }

    public void warn(String line) {
        err.println(style.yellow("warning: ") + line);
    }

    /** The listener that renders pipeline events for this console's mode. */
    public EventListener renderer() {
        if (verbosity == Verbosity.QUIET) {
            return new QuietRenderer(this);
        }
        return rich ? new RichRenderer(this) : new PlainRenderer(this);
    }

    public static String toJson(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
