package io.ppctl.event;

import java.time.Duration;

/**
 * What core code says about its work. Steps publish these; the console layer alone decides how they
 * look (plain lines for CI, an updating status line in a terminal, nothing with --quiet).
 */
public sealed interface Event {

    /** A pipeline step began. */
    record StepStarted(String step, String description) implements Event {}

    /** A step ended; {@code summary} is one line such as "image 3f2a... 12.1 MB" or "2 passed, 1 failed". */
    record StepFinished(String step, Status status, Duration duration, String summary) implements Event {}

    /** A step did not run, and why. */
    record StepSkipped(String step, String reason) implements Event {}

    /** A line of output from the work in progress (a Dockerfile step's output, a test's log). */
    record Log(String step, String line) implements Event {}

    /** A named unit of work moved on: a Dockerfile step, a layer upload; current/total may be -1 when unknown. */
    record Progress(String step, String item, String state, long current, long total) implements Event {}

    /**
     * Several lines of progress that replace each other as a block (each layer of a push and the total). A terminal
     * redraws them in place; plain output (CI) skips them: the step logs the lines that last.
     */
    record Board(String step, java.util.List<String> lines) implements Event {}

    /** Something the user should notice even with --quiet. */
    record Warning(String message) implements Event {}

    /** Extra detail shown only with --verbose. */
    record Debug(String message) implements Event {}

    enum Status { PASSED, FAILED }
}
