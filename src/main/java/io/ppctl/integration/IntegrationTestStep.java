package io.ppctl.integration;

import io.ppctl.config.IntegrationCase;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.CheckContainer;
import io.ppctl.docker.ContainerSpec;
import io.ppctl.docker.ExecResult;
import io.ppctl.docker.PlatformNotRunnable;
import io.ppctl.event.Event;
import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.PartSkipped;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;
import io.ppctl.report.CheckReport;
import io.ppctl.report.CheckResult;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.RuledStep;
import io.ppctl.rules.TargetImage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs each {@code integrationTests} case inside one container of the image: {@code helm template} renders the
 * chart once, ppctl copies the manifests into the container, then {@code kyverno apply} (and, with
 * {@code deprecations}, {@code pluto detect}) read them from a pipe. {@link CaseJudge} decides from their output.
 * The report is left in the context under {@link #REPORT}, also when cases failed.
 */
public final class IntegrationTestStep implements RuledStep {
    public static final String NAME = ReleaseStep.INTEGRATION_TEST.word();
    public static final Key<CheckReport> REPORT = Key.of("integration-test report", CheckReport.class);

    private final String imageOption;

    public IntegrationTestStep(String imageOption) {
        this.imageOption = imageOption;
    }

    @Override
    public java.util.Map<String, Object> gateDetails(StepContext ctx) {
        return ctx.get(REPORT).map(CheckReport::gateDetails).orElse(java.util.Map.of());
    }

    @Override
    public ReleaseStep kind() {
        return ReleaseStep.INTEGRATION_TEST;
    }

    @Override
    public Optional<String> skipReason(StepContext ctx) {
        return ctx.project().config().integrationTests().isEmpty()
                ? Optional.of("no integrationTests in " + ctx.project().configFile().getFileName())
                : Optional.empty();
    }

    @Override
    public String gateSettings(Project project) {
        List<IntegrationCase> cases = project.config().integrationTests();
        return "integrationTests " + cases + " files " + WorkspaceMounts.contentDigest(project, cases);
    }

    @Override
    public String run(StepContext ctx) {
        Project project = ctx.project();
        List<IntegrationCase> cases = project.config().integrationTests();
        validate(project);
        if (cases.stream().allMatch(IntegrationCase::expectPass)) {
            ctx.events().warn("no integration case has 'expect: fail': nothing proves the policies reject a bad manifest");
        }
        TargetImage target = TargetImage.resolve(ctx, imageOption);
        ContainerSpec spec = ContainerSpec.of(target.id(), NAME);
        if (target.platform() != null) {
            spec = spec.withPlatform(target.platform().toString());
        }
        for (ContainerSpec.Bind b : WorkspaceMounts.binds(project, cases)) {
            spec = spec.withBind(b.hostPath(), b.containerPath(), b.readOnly());
        }
        Duration lifetime = Duration.ofMinutes(2);
        for (IntegrationCase c : cases) {
            lifetime = lifetime.plus(c.timeout().multipliedBy(3));
        }
        List<CheckResult> results = new ArrayList<>();
        try (CheckContainer container = CheckContainer.start(ctx.docker(), spec, lifetime)) {
            for (int i = 0; i < cases.size(); i++) {
                IntegrationCase c = cases.get(i);
                CheckResult r = runCase(ctx, container, c, i + 1);
                results.add(r);
                ctx.events().publish(new Event.Progress(NAME, c.name(), r.passed() ? "passed" : "FAILED: " + r.message(), i + 1, cases.size()));
                if (r.passed() && r.message() != null) {
                    ctx.events().warn(c.name() + ": " + r.message());
                }
            }
        } catch (PlatformNotRunnable e) {
            ctx.put(REPORT, new CheckReport(NAME, target.reference(), target.id(), List.of()));
            throw new PartSkipped(cases.size() + " case(s) not run: " + e.getMessage() + "; " + e.hint());
        }
        CheckReport report = new CheckReport(NAME, target.reference(), target.id(), results);
        ctx.put(REPORT, report);
        if (!report.allPassed()) {
            throw PpctlException.checkFailed(report.summary() + " (failed: " + String.join(", ", report.failedNames()) + ")");
        }
        return report.summary();
    }

    private static CheckResult runCase(StepContext ctx, CheckContainer container, IntegrationCase c, int index) {
        List<String> render = IntegrationCommands.render(c);
        ctx.events().debug(c.name() + ": " + String.join(" ", render));
        ExecResult helm = container.run(render, Map.of(), c.timeout());
        if (helm.timedOut() || helm.exitCode() != 0 || helm.truncated()) {
            String why = helm.timedOut() ? "helm template timed out"
                    : helm.truncated() ? "the rendered manifests exceed 4 MB" : "helm template failed (exit code " + helm.exitCode() + ")";
            return CheckResult.fail(c.name(), CaseJudge.KIND, helm.duration(), why, "helm template renders the chart",
                    CheckResult.excerpt(helm.stderr().isBlank() ? helm.stdout() : helm.stderr()));
        }
        String name = "case-" + index + ".yaml";
        container.copyIn(IntegrationCommands.MANIFESTS_DIR, Map.of(name, helm.stdout().getBytes(StandardCharsets.UTF_8)));
        String manifests = IntegrationCommands.MANIFESTS_DIR + "/" + name;
        ExecResult kyverno = container.run(IntegrationCommands.kyverno(manifests, c), Map.of(), c.timeout());
        Optional<ExecResult> pluto = c.deprecationsKubernetes() == null ? Optional.empty()
                : Optional.of(container.run(IntegrationCommands.pluto(manifests, c), Map.of(), c.timeout()));
        Duration took = helm.duration().plus(kyverno.duration()).plus(pluto.map(ExecResult::duration).orElse(Duration.ZERO));
        return CaseJudge.judge(c, took, kyverno, pluto);
    }

    /** ./paths must exist in the project, stay inside it and hold no .git, before anything starts (exit 2 otherwise). */
    public static void validate(Project project) {
        List<String> problems = WorkspaceMounts.problems(project, project.config().integrationTests());
        if (!problems.isEmpty()) {
            throw PpctlException.usage(String.join("; ", problems));
        }
    }
}
