package io.ppctl.build;

import io.ppctl.console.Console;
import io.ppctl.event.Event;
import io.ppctl.event.EventBus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** What `-v build` prints (plain, as in CI): each Dockerfile step once; a failure's summary line ends in words. */
class BuildStepListenerTest {

    private static String render(java.util.function.Consumer<EventBus> events) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Console console = new Console(e, e, false, Console.Verbosity.VERBOSE, Console.Format.TEXT, false);
        EventBus bus = new EventBus().subscribe(console.renderer());
        events.accept(bus);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verbosePlainOutputPrintsEachStepOnce() {
        String out = render(bus -> {
            var l = BuildStep.listener(bus, new AtomicReference<>());
            l.step(1, 2, "FROM scratch");
            l.output("hello");
            l.step(2, 2, "COPY a /a");
        });
        assertThat(out.split("Step 1/2", -1)).hasSize(2);
        assertThat(out.split("Step 2/2", -1)).hasSize(2);
        assertThat(out).contains("    Step 1/2 : FROM scratch", "      hello");
    }

    @Test
    void aFailureSummaryDoesNotEndWithTheColonThatIntroducesItsLines() {
        String out = render(bus -> bus.publish(new Event.StepFinished("scan", Event.Status.FAILED, Duration.ofSeconds(2),
                "build failed at Step 4/9: RUN make (exit code 2); the last lines of its output:\n    | make: *** no rule")));
        assertThat(out).contains("FAILED scan (2.0s): build failed at Step 4/9: RUN make (exit code 2)\n")
                .doesNotContain("its output:");
    }
}
