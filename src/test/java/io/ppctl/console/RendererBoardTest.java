package io.ppctl.console;

import io.ppctl.event.Event;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A push's board: redrawn in place in a terminal (one line per layer and the total), absent from plain output. */
class RendererBoardTest {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);

    private String text() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalRedrawsEveryLineOfTheBoardInPlace() {
        var r = new Console(err, err, false, Console.Verbosity.NORMAL, Console.Format.TEXT, true).renderer();
        r.on(new Event.Board("push", List.of("  aaa  Pushing  1.0 MB / 2.0 MB", "  bbb  Pushing  0 B / 3.0 MB", "  total")));
        r.on(new Event.Board("push", List.of("  aaa  Pushed  2.0 MB / 2.0 MB", "  bbb  Pushing  1.0 MB / 3.0 MB", "  total2")));
        r.on(new Event.StepFinished("push", Event.Status.PASSED, Duration.ofSeconds(1), "pushed"));
        String out = text();
        String clear = "\r\u001b[2K";
        String up = "\u001b[1A";
        assertThat(out).startsWith(clear + "  aaa  Pushing  1.0 MB / 2.0 MB\n" + clear + "  bbb  Pushing  0 B / 3.0 MB\n" + clear + "  total");
        // Second draw: two lines up, then the three lines again; the finish erases the block before its line.
        assertThat(out).contains("  total" + clear + up + clear + up + clear + "  aaa  Pushed");
        assertThat(out).contains("  total2" + clear + up + clear + up + clear + "ok   push");
    }

    @Test
    void plainOutputLeavesTheBoardOut() {
        var r = new Console(err, err, false, Console.Verbosity.VERBOSE, Console.Format.TEXT, false).renderer();
        r.on(new Event.Board("push", List.of("  aaa  Pushing  1.0 MB / 2.0 MB", "  total")));
        r.on(new Event.Progress("push", "v1 layer aaa", "Pushed", -1, -1));
        assertThat(text()).isEqualTo("    v1 layer aaa: Pushed\n");
    }
}
