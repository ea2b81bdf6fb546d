package io.ppctl.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.build.BuildPlan;
import io.ppctl.core.AtomicFile;
import io.ppctl.core.Cleanup;
import io.ppctl.core.ExitCode;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.PpctlException;
import io.ppctl.event.Event;
import io.ppctl.integration.IntegrationTestStep;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.PartRuns;
import io.ppctl.pipeline.Step;
import io.ppctl.pipeline.StepContext;
import io.ppctl.platform.Platform;
import io.ppctl.project.Project;
import io.ppctl.project.ReleaseTags;
import io.ppctl.push.PushStep;
import io.ppctl.report.CheckReport;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.smoke.SmokeTestStep;
import io.ppctl.version.Git;
import io.ppctl.version.TagPlan;
import io.ppctl.version.Version;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * `ppctl release`: one release at a time (lock), VERSION bumped in memory first, preflight checks cheapest first,
 * then build, tag, smoke-test, integration-test, scan and push, stopping at the first failure, so an image that
 * failed a gate is never pushed. The report is written also when the release fails. With --bump, VERSION is
 * rewritten and committed (a commit of VERSION alone) only once preflight passed, so the build, its labels and the
 * git tag all describe that one commit; a git tag is created only after a successful push.
 */
public final class Release {
    private static final ObjectMapper JSON = JsonMappers.files();

    /** How a release ended: its report (null for a dry run), or the plan of a dry run. */
    public record Result(ReleaseReport report, Path reportFile, ReleasePlan plan) {}

    private Release() {}

    public static Path defaultReport(Project p) {
        return p.stateDir().resolve("release-report.json");
    }

    public static Result run(StepContext ctx, ReleaseOptions o) {
        Project p = ctx.project();
        Instant started = Instant.now();
        Version current = p.version();
        Version target = o.bump() == null ? current : current.bump(o.bump(), o.pre());
        if (!target.equals(current)) {
            p.versionChanged(target);
            ctx.events().debug("VERSION " + current + " -> " + target + (o.dryRun() ? " (dry run: not written)" : ""));
        }
        if (o.dryRun()) {
            ReleasePreflight preflight = new ReleasePreflight(ctx, o);
            preflight.run();
            return new Result(null, null, plan(ctx, o, current, preflight.checks()));
        }
        // The lock, the report and the gate records live in the state folder: a read-only one stops here, at once.
        p.requireWritableState();
        Path reportFile = o.report() == null ? defaultReport(p) : o.report();
        ReleasePreflight preflight = new ReleasePreflight(ctx, o);
        // Armed before the lock: a stop while waiting for it, during preflight or during the VERSION commit must not
        // leave the previous run's report ("released v1.0.17") in place.
        ReportOnStop onStop = new ReportOnStop(ctx, o, reportFile, preflight, started);
        try {
            try (ReleaseLock ignored = ReleaseLock.acquire(p.stateDir().resolve("release.lock"), o.waitLock(), ctx.events()::warn)) {
                return release(ctx, o, started, current, target, reportFile, preflight, onStop);
            }
        } catch (PpctlException e) {
            // A first Ctrl-C unwinds to here from the lock wait without any report written, a second one's last clean-up
            // pass refuses the unwinding thread's own write of the report; elsewhere this is a no-op.
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                onStop.writeInterruptedNow();
            }
            throw e;
        } finally {
            onStop.disarm();
        }
    }

    private static Result release(StepContext ctx, ReleaseOptions o, Instant started, Version current, Version target,
                                  Path reportFile, ReleasePreflight preflight, ReportOnStop onStop) {
        Project p = ctx.project();
        try {
            preflight.run();
        } catch (PpctlException e) {
            writeReport(reportFile, () -> ReleaseReport.of(ctx, o, preflight.checks(), null, e, started, null, null));
            onStop.written();
            throw e.atStep("preflight");
        }
        String versionCommit = null;
        if (!target.equals(current)) {
            try {
                versionCommit = VersionCommit.make(p, current, target);
            } catch (PpctlException e) {
                writeReport(reportFile, () -> ReleaseReport.of(ctx, o, preflight.checks(), null, e, started, null, null));
                onStop.written();
                throw e;
            }
            onStop.versionCommit(versionCommit);
            ctx.events().warn("committed VERSION " + target + " (was " + current + ") as " + versionCommit.substring(0, 7)
                    + "; this release builds, labels and tags that commit");
        }
        return runSteps(ctx, o, started, target, reportFile, preflight, versionCommit, onStop);
    }

    /**
     * A stop that does not let the release unwind (a second Ctrl-C, the grace period over) still rewrites the
     * report: status interrupted, at the step that was running ("preflight" until the pipeline starts: the lock
     * wait, the checks and the VERSION commit).
     */
    private static final class ReportOnStop {
        private final java.util.concurrent.atomic.AtomicReference<String> running =
                new java.util.concurrent.atomic.AtomicReference<>("preflight");
        private final java.util.concurrent.atomic.AtomicReference<String> versionCommit = new java.util.concurrent.atomic.AtomicReference<>();
        // Set once the real report is on disk: a stop during that write (its temporary file is removed by the same
        // clean-up) still gets the interrupted report.
        private final java.util.concurrent.atomic.AtomicBoolean written = new java.util.concurrent.atomic.AtomicBoolean();
        private final StepContext ctx;
        private final ReleaseOptions o;
        private final Path reportFile;
        private final ReleasePreflight preflight;
        private final Instant started;
        private final Cleanup.Handle handle;

        ReportOnStop(StepContext ctx, ReleaseOptions o, Path reportFile, ReleasePreflight preflight, Instant started) {
            this.ctx = ctx;
            this.o = o;
            this.reportFile = reportFile;
            this.preflight = preflight;
            this.started = started;
            ctx.events().subscribe(e -> {
                if (e instanceof Event.StepStarted s) {
                    running.set(s.step());
                }
            });
            this.handle = Cleanup.global().register("release report (interrupted)", this::writeInterrupted);
        }

        void versionCommit(String commit) {
            versionCommit.set(commit);
        }

        void writeInterrupted() {
            if (!written.get()) {
                try {
                    writeReport(reportFile, () -> ReleaseReport.of(ctx, o, preflight.checks(), null,
                            PpctlException.interrupted().atStep(running.get()), started, null, versionCommit.get()));
                } catch (RuntimeException e) {
                    // Best effort, as every clean-up: the exit code still says interrupted.
                }
            }
        }

        void written() {
            written.set(true);
        }

        /**
         * Writes the interrupted report now (unless the real one is on disk) as the clean-up action it is, and unregisters
         * it: run that way it may still write while a second Ctrl-C's last pass runs, which refuses other writes.
         */
        void writeInterruptedNow() {
            handle.close();
        }

        /** Unregisters the clean-up (closing a handle runs its action, by then a no-op). */
        void disarm() {
            written.set(true);
            handle.close();
        }
    }

    private static Result runSteps(StepContext ctx, ReleaseOptions o, Instant started, Version target, Path reportFile,
                                   ReleasePreflight preflight, String versionCommit, ReportOnStop onStop) {
        for (ReleaseStep skipped : o.skip()) {
            ctx.events().warn("--skip " + skipped.word() + ": this release does not run " + skipped.word() + "; the report records it");
        }
        Pipeline.Outcome outcome = new Pipeline(ReleaseSteps.of(o)).run(ctx);
        writeJUnit(ctx, o);
        String gitTag = null;
        if (outcome.passed() && o.gitTag() && ctx.get(PushStep.RESULT).isPresent()) {
            gitTag = tag(ctx, target);
        } else if (o.gitTag() && outcome.passed()) {
            ctx.events().warn("no git tag: --git-tag marks a published release, and nothing was pushed");
        }
        ReleaseReport report = ReleaseReport.of(ctx, o, preflight.checks(), outcome, null, started, gitTag, versionCommit);
        write(reportFile, report);
        onStop.written();
        outcome.throwIfFailed();
        return new Result(report, reportFile, null);
    }

    private static ReleasePlan plan(StepContext ctx, ReleaseOptions o, Version previous, List<ReleaseCheck> checks) {
        Project p = ctx.project();
        List<TagPlan.Tag> tags = ReleaseTags.plan(p, ctx.docker());
        List<ReleasePlan.PlannedStep> steps = new ArrayList<>();
        for (Step s : ReleaseSteps.of(o)) {
            Optional<String> skip = s.skipReason(ctx);
            steps.add(new ReleasePlan.PlannedStep(s.name(), s.description(), skip.orElse(null)));
        }
        return new ReleasePlan(p.version().toString(), previous.equals(p.version()) ? null : previous.toString(),
                p.git().commit(), p.config().image().name() + ":" + p.version(), tags,
                ReleaseTags.perRegistry(p.config(), tags), steps, checks,
                ReleaseTags.perPlatform(p, tags, BuildPlan.platforms(o.buildOptions(), p.config().image())));
    }

    /** The annotated git tag that tells `bump auto` and the next release where this one was. Not pushed. */
    private static String tag(StepContext ctx, Version v) {
        Project p = ctx.project();
        Git git = p.gitRunner();
        String name = v.toString();
        if (git.run("rev-parse", "-q", "--verify", "refs/tags/" + name).ok()) {
            ctx.events().warn("git tag " + name + " exists already; left as it is");
            return name;
        }
        Git.Result r = git.run("tag", "-a", name, "-m", p.config().image().name() + " " + name + " (ppctl release)", p.git().commit());
        if (!r.ok()) {
            ctx.events().warn("could not create git tag " + name + ": " + r.firstErrorLine());
            return null;
        }
        ctx.events().debug("created git tag " + name + " on " + p.git().shortCommit() + " (push it with: git push origin " + name + ")");
        return name;
    }

    private static void writeJUnit(StepContext ctx, ReleaseOptions o) {
        if (o.junitDir() == null) {
            return;
        }
        ctx.get(SmokeTestStep.REPORT).map(CheckReport::toJUnit).ifPresent(j -> j.write(o.junitDir().resolve("smoke-test.xml")));
        ctx.get(IntegrationTestStep.REPORT).map(CheckReport::toJUnit).ifPresent(j -> j.write(o.junitDir().resolve("integration-test.xml")));
        // A multi-platform release: one file per platform and suite (smoke-test.linux-arm64.xml).
        ctx.get(PartRuns.KEY).ifPresent(runs -> {
            for (String suite : List.of(SmokeTestStep.NAME, IntegrationTestStep.NAME)) {
                for (PartRuns.Run run : runs.of(suite)) {
                    run.get(suite.equals(SmokeTestStep.NAME) ? SmokeTestStep.REPORT : IntegrationTestStep.REPORT)
                            .map(CheckReport::toJUnit)
                            .ifPresent(j -> j.write(o.junitDir().resolve(suite + "." + Platform.parse(run.part()).tagSuffix() + ".xml")));
                }
            }
        });
    }

    static void write(Path file, ReleaseReport report) {
        try {
            AtomicFile.write(file, JSON.writeValueAsString(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Builds and writes the report also on the thread a Ctrl-C interrupted: the interrupt is set aside meanwhile
     * (git, which the report asks for the commit, and a file channel both refuse an interrupted thread), then restored.
     */
    private static void writeReport(Path file, java.util.function.Supplier<ReleaseReport> report) {
        boolean interrupted = Thread.interrupted();
        try {
            write(file, report.get());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
