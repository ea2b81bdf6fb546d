package io.ppctl.pipeline;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Text;
import io.ppctl.event.Event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs steps in order, stopping at the first failure, and records how each one ended. */
public final class Pipeline {
    private final List<Step> steps;

    public Pipeline(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The outcome: every step that ran or was skipped, and the failure that stopped the run, if any. */
    public record Outcome(List<StepResult> results, PpctlException failure) {
        public boolean passed() {
            return failure == null;
        }

        public Optional<StepResult> failedStep() {
            return results.stream().filter(r -> r.status() == StepResult.Status.FAILED).findFirst();
        }

        public void throwIfFailed() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    public Outcome run(StepContext ctx) {
        List<StepResult> results = new ArrayList<>();
        if (!steps.isEmpty()) {
            try {
                ctx.project().requireWritableState();
            } catch (PpctlException e) {
                return fail(ctx, steps.get(0), results, e, Duration.ZERO);
            }
        }
        for (Step step : steps) {
            Optional<String> skip;
            try {
                skip = step.skipReason(ctx);
            } catch (PpctlException e) {
                return fail(ctx, step, results, e, Duration.ZERO);
            }
            if (skip.isPresent()) {
                ctx.events().publish(new Event.StepSkipped(step.name(), skip.get()));
                results.add(new StepResult(step.name(), StepResult.Status.SKIPPED, Duration.ZERO, skip.get(), 0));
                continue;
            }
            ctx.events().publish(new Event.StepStarted(step.name(), step.description()));
            long start = System.nanoTime();
            try {
                String summary = step.run(ctx);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                ctx.events().publish(new Event.StepFinished(step.name(), Event.Status.PASSED, took, summary));
                results.add(new StepResult(step.name(), StepResult.Status.PASSED, took, summary, 0));
                step.judged(ctx, true, summary);
            } catch (PpctlException e) {
                return fail(ctx, step, results, e, Duration.ofNanos(System.nanoTime() - start));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(ctx, step, results, PpctlException.interrupted(), Duration.ofNanos(System.nanoTime() - start));
            } catch (Exception e) {
                PpctlException wrapped = new PpctlException(ExitCode.INTERNAL,
                        step.name() + " failed unexpectedly: " + e, null, e);
                return fail(ctx, step, results, wrapped, Duration.ofNanos(System.nanoTime() - start));
            }
        }
        return new Outcome(List.copyOf(results), null);
    }

    private static Outcome fail(StepContext ctx, Step step, List<StepResult> results, PpctlException e, Duration took) {
        e.atStep(step.name());
        // An environment failure (exit 3) or bad input (exit 2) judged nothing.
        if (e.exitCode() == ExitCode.CHECK_FAILED) {
            step.judged(ctx, false, Text.firstLine(e.getMessage()));
        }
        ctx.events().publish(new Event.StepFinished(step.name(), Event.Status.FAILED, took, e.getMessage()));
        results.add(new StepResult(step.name(), StepResult.Status.FAILED, took, e.getMessage(), e.exitCode().code()));
        return new Outcome(List.copyOf(results), e);
    }
}
