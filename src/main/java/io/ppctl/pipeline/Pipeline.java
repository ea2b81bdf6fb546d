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
            List<Step.Part> parts;
            try {
                parts = step.parts(ctx);
            } catch (PpctlException e) {
                return fail(ctx, step, results, e, Duration.ZERO);
            }
            if (!parts.isEmpty()) {
                Outcome failed = runParts(ctx, step, parts, results);
                if (failed != null) {
                    return failed;
                }
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

    /**
     * A step that works in parts (a gate on each platform's image) runs on each in turn, in its own context, and is told
     * its verdict per part. A check that fails on one part does not stop the others (the report shows them all), but
     * fails the step; a part the step could not judge here counts as not passed and the step goes on; anything else
     * (the daemon gone, Ctrl-C) stops at once. Returns the failed outcome, or null.
     */
    private static Outcome runParts(StepContext ctx, Step step, List<Step.Part> parts, List<StepResult> results) {
        ctx.events().publish(new Event.StepStarted(step.name(), step.description()));
        long start = System.nanoTime();
        List<PartRuns.Run> runs = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        PpctlException checkFailure = null;
        try {
            for (Step.Part part : parts) {
                StepContext one = part.context();
                try {
                    String summary = step.run(one);
                    step.judged(one, true, summary);
                    runs.add(new PartRuns.Run(part.name(), StepResult.Status.PASSED, summary, one));
                    summaries.add(part.name() + ": " + summary);
                    ctx.events().log(step.name(), part.name() + ": " + summary);
                } catch (PartSkipped e) {
                    step.judged(one, false, "not judged: " + e.reason());
                    runs.add(new PartRuns.Run(part.name(), StepResult.Status.SKIPPED, e.reason(), one));
                    summaries.add(part.name() + ": skipped");
                    ctx.events().warn(step.name() + " " + part.name() + ": " + e.reason());
                } catch (PpctlException e) {
                    if (e.exitCode() != ExitCode.CHECK_FAILED) {
                        throw e;
                    }
                    step.judged(one, false, Text.firstLine(e.getMessage()));
                    runs.add(new PartRuns.Run(part.name(), StepResult.Status.FAILED, e.getMessage(), one));
                    summaries.add(part.name() + ": failed");
                    ctx.events().log(step.name(), part.name() + ": " + Text.firstLine(e.getMessage()));
                    if (checkFailure == null) {
                        checkFailure = new PpctlException(e.exitCode(), part.name() + ": " + e.getMessage(), e.hint(), e);
                    }
                }
            }
        } catch (PpctlException e) {
            return failParts(ctx, step, results, runs, e, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failParts(ctx, step, results, runs, PpctlException.interrupted(), start);
        } catch (Exception e) {
            return failParts(ctx, step, results, runs, new PpctlException(ExitCode.INTERNAL,
                    step.name() + " failed unexpectedly: " + e, null, e), start);
        }
        partRuns(ctx).put(step.name(), runs);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String summary = String.join("; ", summaries);
        if (checkFailure != null) {
            checkFailure.atStep(step.name());
            ctx.events().publish(new Event.StepFinished(step.name(), Event.Status.FAILED, took, checkFailure.getMessage()));
            results.add(new StepResult(step.name(), StepResult.Status.FAILED, took, summary, checkFailure.exitCode().code()));
            return new Outcome(List.copyOf(results), checkFailure);
        }
        ctx.events().publish(new Event.StepFinished(step.name(), Event.Status.PASSED, took, summary));
        results.add(new StepResult(step.name(), StepResult.Status.PASSED, took, summary, 0));
        return null;
    }

    private static Outcome failParts(StepContext ctx, Step step, List<StepResult> results, List<PartRuns.Run> runs,
                                     PpctlException e, long start) {
        partRuns(ctx).put(step.name(), runs);
        e.atStep(step.name());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        ctx.events().publish(new Event.StepFinished(step.name(), Event.Status.FAILED, took, e.getMessage()));
        results.add(new StepResult(step.name(), StepResult.Status.FAILED, took, e.getMessage(), e.exitCode().code()));
        return new Outcome(List.copyOf(results), e);
    }

    private static synchronized PartRuns partRuns(StepContext ctx) {
        Optional<PartRuns> existing = ctx.get(PartRuns.KEY);
        if (existing.isPresent()) {
            return existing.get();
        }
        PartRuns runs = new PartRuns();
        ctx.put(PartRuns.KEY, runs);
        return runs;
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
