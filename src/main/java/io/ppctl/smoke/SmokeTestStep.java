package io.ppctl.smoke;

import io.ppctl.core.PpctlException;
import io.ppctl.docker.CheckContainer;
import io.ppctl.docker.ContainerSpec;
import io.ppctl.docker.ExecResult;
import io.ppctl.docker.PlatformNotRunnable;
import io.ppctl.event.Event;
import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.PartSkipped;
import io.ppctl.project.Project;
import io.ppctl.pipeline.StepContext;
import io.ppctl.report.CheckReport;
import io.ppctl.report.CheckResult;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.RuledStep;
import io.ppctl.rules.TargetImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Proves the image works before anyone can pull it: runs every check inside one container of the image
 * (see {@link CheckContainer}), a few at a time, and judges the image config without running anything.
 * Publishes one Progress event per finished check; the report is left in the context under {@link #REPORT}
 * (also when checks failed), so the command can print it and write JUnit XML.
 */
public final class SmokeTestStep implements RuledStep {
    public static final String NAME = ReleaseStep.SMOKE_TEST.word();
    public static final Key<CheckReport> REPORT = Key.of("smoke-test report", CheckReport.class);
    /**
     * Checks running at once. Measured on a shared 2-core machine (load 9): 18 quick checks took a median 4.7 s on one
     * thread and 4.7-5.0 s on 2, 4 or 8, so quick checks gain nothing there; the pool is kept so that a slow or hanging
     * check does not hold up the rest, and bounded so an image with many checks does not flood the daemon.
     */
    static final int THREADS = 4;

    private final String imageOption;

    public SmokeTestStep(String imageOption) {
        this.imageOption = imageOption;
    }

    @Override
    public java.util.Map<String, Object> gateDetails(StepContext ctx) {
        return ctx.get(REPORT).map(CheckReport::gateDetails).orElse(java.util.Map.of());
    }

    @Override
    public ReleaseStep kind() {
        return ReleaseStep.SMOKE_TEST;
    }

    @Override
    public String gateSettings(Project project) {
        return "smokeTests " + project.config().smokeTests();
    }

    @Override
    public String run(StepContext ctx) {
        SmokePlan plan = SmokePlan.of(ctx.project());
        TargetImage target = TargetImage.resolve(ctx, imageOption);
        ctx.events().debug("smoke-testing " + target.reference() + " (" + TargetImage.shortId(target.id()) + ", " + target.source()
                + "): " + plan.checks().size() + " container check(s)" + (plan.defaults() ? ", the policy platform's defaults" : ""));
        int total = plan.checks().size() + plan.metadata().labels().size() + plan.metadata().env().size()
                + (plan.metadata().user().isEmpty() ? 0 : 1) + (plan.metadata().workdir().isEmpty() ? 0 : 1);
        AtomicInteger done = new AtomicInteger();
        Object progressLock = new Object();
        List<CheckResult> results = new ArrayList<>();
        PlatformNotRunnable notRunnable = null;
        if (!plan.checks().isEmpty()) {
            ContainerSpec spec = ContainerSpec.of(target.id(), NAME);
            if (target.platform() != null) {
                spec = spec.withPlatform(target.platform().toString());
            }
            try (CheckContainer container = CheckContainer.start(ctx.docker(), spec, plan.worstCase())) {
                results.addAll(ParallelChecks.run(plan.checks(), THREADS, check -> run(container, check),
                        r -> {
                            synchronized (progressLock) {
                                progress(ctx, r, done.incrementAndGet(), total);
                            }
                        }));
            } catch (PlatformNotRunnable e) {
                notRunnable = e;
            }
        }
        for (CheckResult r : MetadataChecks.evaluate(plan.metadata(), target.details())) {
            progress(ctx, r, done.incrementAndGet(), total);
            results.add(r);
        }
        CheckReport report = new CheckReport(NAME, target.reference(), target.id(), results);
        ctx.put(REPORT, report);
        if (notRunnable != null) {
            // What needs no container was judged, and a failure there still fails; the rest is not judged here.
            if (!report.allPassed()) {
                throw PpctlException.checkFailed(report.summary() + " (failed: " + String.join(", ", report.failedNames())
                        + "); " + plan.checks().size() + " container check(s) not run: " + notRunnable.getMessage());
            }
            throw new PartSkipped(plan.checks().size() + " container check(s) not run (" + report.summary()
                    + " of the image metadata): " + notRunnable.getMessage() + "; " + notRunnable.hint());
        }
        if (!report.allPassed()) {
            throw PpctlException.checkFailed(report.summary() + " (failed: " + String.join(", ", report.failedNames()) + ")");
        }
        return report.summary();
    }

    private static CheckResult run(CheckContainer container, SmokeCheck check) {
        if (check instanceof SmokeCheck.Command c) {
            ExecResult r = container.run(c.spec().command(), c.spec().env(), c.spec().timeout());
            return CommandEvaluator.evaluate(c.name(), c.kind(), c.spec(), r);
        }
        if (check instanceof SmokeCheck.VersionPin pin) {
            return VersionPinEvaluator.evaluate(pin, container.run(VersionPinEvaluator.command(pin), Map.of(), SmokePlan.PROBE_TIMEOUT));
        }
        SmokeCheck.File f = (SmokeCheck.File) check;
        ExecResult probe = container.run(FileEvaluator.probe(f.spec().path()), Map.of(), SmokePlan.PROBE_TIMEOUT);
        Optional<ExecResult> contents = FileEvaluator.needsContents(f.spec(), probe)
                ? Optional.of(container.run(FileEvaluator.read(f.spec().path()), Map.of(), SmokePlan.PROBE_TIMEOUT))
                : Optional.empty();
        return FileEvaluator.evaluate(f.name(), f.spec(), probe, contents);
    }

    private static void progress(StepContext ctx, CheckResult r, int done, int total) {
        ctx.events().publish(new Event.Progress(NAME, r.name(), r.passed() ? "passed" : "FAILED: " + r.message(), done, total));
    }
}
