package io.ppctl.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * One unit of a pipeline (build, tag, smoke-test, ...). A step never prints: it publishes events and returns
 * a one-line summary; it fails by throwing a PpctlException that carries the exit code.
 */
public interface Step {
    /** Short name, for events, results and reports. */
    String name();

    /** What the step does, for the console and --dry-run plans. */
    String description();

    /** A reason not to run (nothing configured, ...), or empty to run. Checked just before the step would start. */
    default Optional<String> skipReason(StepContext ctx) {
        return Optional.empty();
    }

    /**
     * Told the verdict of its run, before the pipeline goes on: it passed ({@code summary} is its summary), or a check
     * failed (exit 1; the first line of why). Not told of a skip, nor of a failure that judged nothing (bad input,
     * an unreachable daemon): the release gates keep only verdicts.
     */
    default void judged(StepContext ctx, boolean passed, String summary) {
    }

    /** One of several runs of a step, each on its own part of the work: its name (linux/arm64) and its context. */
    record Part(String name, StepContext context) {}

    /**
     * The parts to run this step on, one after the other, each in a context of its own (a gate on each platform's
     * image of a multi-platform build); empty: one run in the step's context.
     */
    default List<Part> parts(StepContext ctx) {
        return List.of();
    }

    /** Does the work; returns a one-line summary such as "12 passed" or "image sha256:3f2a... 142.1 MB". */
    String run(StepContext ctx) throws Exception;
}
