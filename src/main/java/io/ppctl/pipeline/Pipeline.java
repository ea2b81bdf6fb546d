package io.ppctl.pipeline;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
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

    public List<Step> steps() {
        return steps;
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
            Optional<TargetImage.PerPlatform> platforms = step.gate() ? ctx.get(TargetImage.PLATFORMS) : Optional.empty();
            if (platforms.isPresent()) {
                Outcome failed = runPerPlatform(ctx, step, platforms.get().images(), results);
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
                recordGate(ctx, step, true, summary);
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
     * A gate on a multi-platform build runs on each platform's image in turn, each in a context of its own, and its
     * verdict is recorded per image. A check that fails on one platform does not stop the others (the report shows
     * them all), but fails the step; a platform the gate could not judge here is recorded as not passed and the step
     * goes on; anything else (the daemon gone, Ctrl-C) stops at once. Returns the failed outcome, or null.
     */
    private static Outcome runPerPlatform(StepContext ctx, Step step, List<TargetImage> images, List<StepResult> results) {
        ctx.events().publish(new Event.StepStarted(step.name(), step.description()));
        long start = System.nanoTime();
        List<PlatformRuns.Run> runs = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        PpctlException checkFailure = null;
        try {
            for (TargetImage image : images) {
                StepContext one = ctx.forImage(image);
                try {
                    String summary = step.run(one);
                    recordGate(one, step, true, summary);
                    runs.add(new PlatformRuns.Run(image, StepResult.Status.PASSED, summary, one));
                    summaries.add(image.platform() + ": " + summary);
                    ctx.events().log(step.name(), image.platform() + ": " + summary);
                } catch (PlatformSkipped e) {
                    recordGate(one, step, false, "not judged: " + e.reason());
                    runs.add(new PlatformRuns.Run(image, StepResult.Status.SKIPPED, e.reason(), one));
                    summaries.add(image.platform() + ": skipped");
                    ctx.events().warn(step.name() + " " + image.platform() + ": " + e.reason());
                } catch (PpctlException e) {
                    if (e.exitCode() != ExitCode.CHECK_FAILED) {
                        throw e;
                    }
                    recordGate(one, step, false, e.getMessage().lines().findFirst().orElse(""));
                    runs.add(new PlatformRuns.Run(image, StepResult.Status.FAILED, e.getMessage(), one));
                    summaries.add(image.platform() + ": failed");
                    ctx.events().log(step.name(), image.platform() + ": " + e.getMessage().lines().findFirst().orElse(""));
                    if (checkFailure == null) {
                        checkFailure = new PpctlException(e.exitCode(), image.platform() + ": " + e.getMessage(), e.hint(), e);
                    }
                }
            }
        } catch (PpctlException e) {
            return failPerPlatform(ctx, step, results, runs, e, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failPerPlatform(ctx, step, results, runs, PpctlException.interrupted(), start);
        } catch (Exception e) {
            return failPerPlatform(ctx, step, results, runs, new PpctlException(ExitCode.INTERNAL,
                    step.name() + " failed unexpectedly: " + e, null, e), start);
        }
        platformRuns(ctx).put(step.name(), runs);
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

    private static Outcome failPerPlatform(StepContext ctx, Step step, List<StepResult> results, List<PlatformRuns.Run> runs,
                                           PpctlException e, long start) {
        platformRuns(ctx).put(step.name(), runs);
        e.atStep(step.name());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        ctx.events().publish(new Event.StepFinished(step.name(), Event.Status.FAILED, took, e.getMessage()));
        results.add(new StepResult(step.name(), StepResult.Status.FAILED, took, e.getMessage(), e.exitCode().code()));
        return new Outcome(List.copyOf(results), e);
    }

    private static synchronized PlatformRuns platformRuns(StepContext ctx) {
        Optional<PlatformRuns> existing = ctx.get(PlatformRuns.KEY);
        if (existing.isPresent()) {
            return existing.get();
        }
        PlatformRuns runs = new PlatformRuns();
        ctx.put(PlatformRuns.KEY, runs);
        return runs;
    }

    /** A gate's verdict is recorded for the image it judged; an environment failure (exit 3) judged nothing. */
    private static void recordGate(StepContext ctx, Step step, boolean passed, String summary) {
        if (step.gate()) {
            ctx.get(TargetImage.KEY).ifPresent(image ->
                    GateRecord.record(ctx.project(), image.id(), step.name(),
                            GateRecord.digest(step.gateSettings(ctx.project())), passed, summary, step.gateDetails(ctx)));
        }
    }

    private static Outcome fail(StepContext ctx, Step step, List<StepResult> results, PpctlException e, Duration took) {
        e.atStep(step.name());
        if (e.exitCode() == ExitCode.CHECK_FAILED) {
            recordGate(ctx, step, false, e.getMessage().lines().findFirst().orElse(""));
        }
        ctx.events().publish(new Event.StepFinished(step.name(), Event.Status.FAILED, took, e.getMessage()));
        results.add(new StepResult(step.name(), StepResult.Status.FAILED, took, e.getMessage(), e.exitCode().code()));
        return new Outcome(List.copyOf(results), e);
    }
}
