package io.ppctl.integration;

import io.ppctl.config.IntegrationCase;
import io.ppctl.docker.ExecResult;
import io.ppctl.report.CheckResult;
import io.ppctl.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** When an integration case passes, on real kyverno and pluto output. */
class CaseJudgeTest {
    private static final String CLEAN = "\nApplying 2 policy rule(s) to 1 resource(s)...\n\npass: 2, fail: 0, warn: 0, error: 0, skip: 0 \n";
    private static final String CONFORMANCE = Fixtures.text("tool-output/kyverno-apply-conformance.txt");

    private static IntegrationCase expectPass() {
        return new IntegrationCase("backend app", "/repos/app", List.of(), Map.of(), "/repos/security-policy/", "pass", List.of(),
                null, Duration.ofMinutes(2));
    }

    private static IntegrationCase expectFail(List<String> violations) {
        return new IntegrationCase("privileged app", "/repos/app", List.of(), Map.of(), "/repos/security-policy/", "fail", violations,
                null, Duration.ofMinutes(2));
    }

    private static IntegrationCase withDeprecations(IntegrationCase c, String k8s) {
        return new IntegrationCase(c.name(), c.chart(), c.values(), c.set(), c.policies(), c.expect(), c.expectViolations(), k8s, c.timeout());
    }

    private static ExecResult run(int exit, String stdout) {
        return new ExecResult(exit, stdout, "", false, false, Duration.ofMillis(300));
    }

    private static CheckResult judge(IntegrationCase c, ExecResult kyverno) {
        return CaseJudge.judge(c, Duration.ofSeconds(1), kyverno, Optional.empty());
    }

    @Test
    void aCleanRunPassesACaseThatExpectsPass() {
        CheckResult r = judge(expectPass(), run(0, CLEAN));
        assertThat(r.passed()).isTrue();
        assertThat(r.message()).isNull();
        assertThat(r.kind()).isEqualTo("case");
    }

    @Test
    void aViolationFailsACaseThatExpectsPass() {
        CheckResult r = judge(expectPass(), run(1, CONFORMANCE));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).isEqualTo("expected no violations, got 1: check-deployment-labels/check-deployment-labels on default/Deployment/bad-deployment");
        assertThat(r.expected()).isEqualTo("pass: no policy violation, no error");
        assertThat(r.actual()).startsWith("pass: 1, fail: 1, warn: 0, error: 0, skip: 0\n  check-deployment-labels/check-deployment-labels on default/Deployment/bad-deployment");
    }

    @Test
    void aCaseThatMustFailPassesWhenExactlyTheExpectedViolationsOccur() {
        assertThat(judge(expectFail(List.of("check-deployment-labels/check-deployment-labels")), run(1, CONFORMANCE)).passed()).isTrue();
        assertThat(judge(expectFail(List.of()), run(1, CONFORMANCE)).passed()).isTrue();
    }

    @Test
    void aCaseThatMustFailFailsWhenNothingFails() {
        CheckResult r = judge(expectFail(List.of()), run(0, CLEAN));
        assertThat(r.message()).isEqualTo("expected the policies to reject these manifests, but no rule failed "
                + "(pass: 2, fail: 0, warn: 0, error: 0, skip: 0)");
    }

    @Test
    void anUnexpectedOrMissingViolationFails() {
        String out = Fixtures.text("tool-output/kyverno-apply-before-1.10.txt");
        CheckResult r = judge(expectFail(List.of("not-allow-latest/autogen-not-allow-latest", "disallow-privileged/privileged-containers")),
                run(1, out));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).startsWith("expected violation(s) did not occur: disallow-privileged/privileged-containers; "
                + "unexpected violation(s): check-deprecated-apis/validate-v1-22-removals on default/StorageClass/standard, ");
        assertThat(r.expected()).isEqualTo("fail with exactly: not-allow-latest/autogen-not-allow-latest, disallow-privileged/privileged-containers");
    }

    @Test
    void anErrorFailsTheCaseWhateverItExpects() {
        String out = Fixtures.text("tool-output/kyverno-apply-skipped-error.txt");
        CheckResult pass = judge(expectPass(), new ExecResult(1, out, "Error: exit as fail or error count > 0\n", false, false, Duration.ZERO));
        assertThat(pass.passed()).isFalse();
        assertThat(pass.message()).isEqualTo("kyverno reported 1 error(s): a rule could not be evaluated");
        assertThat(pass.actual()).contains("stderr: Error: exit as fail or error count > 0");
        String failAndError = "\npolicy p -> resource default/Pod/x failed:\n1 - r bad\n\n\npass: 0, fail: 1, warn: 0, error: 1, skip: 0 \n";
        assertThat(judge(expectFail(List.of("p/r")), run(1, failAndError)).message())
                .isEqualTo("kyverno reported 1 error(s): a rule could not be evaluated");
    }

    @Test
    void noSummaryMeansKyvernoDidNotRun() {
        ExecResult broken = new ExecResult(1, "", "Error: failed to load policies (lstat /nope: no such file or directory)\n", false, false,
                Duration.ZERO);
        CheckResult r = judge(expectPass(), broken);
        assertThat(r.message()).isEqualTo("kyverno printed no result summary (exit code 1)");
        assertThat(r.actual()).contains("failed to load policies");
    }

    @Test
    void theExitCodeAloneIsNotTrustedButAContradictionIsReported() {
        assertThat(judge(expectPass(), run(1, CLEAN)).message()).isEqualTo("kyverno exited 1 without reporting a failure");
        assertThat(judge(expectFail(List.of("check-deployment-labels/check-deployment-labels")), run(0, CONFORMANCE)).passed()).isTrue();
    }

    @Test
    void removedApisFailDeprecatedOnesAreReported() {
        IntegrationCase c = withDeprecations(expectPass(), "1.30.0");
        ExecResult removed = new ExecResult(3, Fixtures.text("tool-output/pluto-detect-removed.json"), "", false, false, Duration.ZERO);
        CheckResult r = CaseJudge.judge(c, Duration.ZERO, run(0, CLEAN), Optional.of(removed));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).startsWith("apiVersions removed in Kubernetes v1.30.0: Deployment some name one (extensions/v1beta1, removed in v1.16.0; use apps/v1)");

        String deprecated = "{\"items\":[{\"name\":\"fs\",\"api\":{\"version\":\"flowcontrol.apiserver.k8s.io/v1beta3\",\"kind\":\"FlowSchema\","
                + "\"deprecated-in\":\"v1.29.0\",\"removed-in\":\"v1.32.0\",\"replacement-api\":\"flowcontrol.apiserver.k8s.io/v1\"},"
                + "\"deprecated\":true,\"removed\":false}],\"target-versions\":{\"k8s\":\"v1.30.0\"}}";
        CheckResult d = CaseJudge.judge(c, Duration.ZERO, run(0, CLEAN), Optional.of(run(2, deprecated)));
        assertThat(d.passed()).isTrue();
        assertThat(d.message()).isEqualTo("deprecated in Kubernetes v1.30.0: FlowSchema fs (flowcontrol.apiserver.k8s.io/v1beta3, "
                + "deprecated in v1.29.0; use flowcontrol.apiserver.k8s.io/v1)");

        CheckResult clean = CaseJudge.judge(c, Duration.ZERO, run(0, CLEAN),
                Optional.of(run(0, Fixtures.text("tool-output/pluto-detect-clean.json"))));
        assertThat(clean.passed()).isTrue();
        assertThat(clean.message()).isNull();
    }

    @Test
    void aRemovedApiIsTheExpectedRejectionOfACaseThatExpectsFailWithoutViolations() {
        ExecResult removed = new ExecResult(3, Fixtures.text("tool-output/pluto-detect-removed.json"), "", false, false, Duration.ZERO);
        CheckResult r = CaseJudge.judge(withDeprecations(expectFail(List.of()), "v1.30.0"), Duration.ZERO, run(0, CLEAN), Optional.of(removed));
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.message()).isNull();
        assertThat(r.actual()).contains("apiVersions removed in Kubernetes v1.30.0: Deployment some name one (extensions/v1beta1, removed in v1.16.0");

        CheckResult nothing = CaseJudge.judge(withDeprecations(expectFail(List.of()), "v1.30.0"), Duration.ZERO, run(0, CLEAN),
                Optional.of(run(0, Fixtures.text("tool-output/pluto-detect-clean.json"))));
        assertThat(nothing.passed()).isFalse();
        assertThat(nothing.message()).startsWith("expected the policies to reject these manifests, but no rule failed");

        CheckResult named = CaseJudge.judge(withDeprecations(expectFail(List.of("disallow-latest-tag/autogen-validate-image-tag")), "v1.30.0"),
                Duration.ZERO, run(0, CLEAN), Optional.of(removed));
        assertThat(named.passed()).as("named violations must still occur").isFalse();
    }

    @Test
    void plutosExitCodeFourIsAReportNotAFailure() {
        // Real pluto 5.22 exits 4 when a finding's replacement is not available in the target version (it wins over 3).
        String noReplacement = "{\"items\":[{\"name\":\"fs\",\"api\":{\"version\":\"flowcontrol.apiserver.k8s.io/v1beta3\",\"kind\":\"FlowSchema\","
                + "\"deprecated-in\":\"v1.24.0\",\"removed-in\":\"v1.32.0\",\"replacement-api\":\"flowcontrol.apiserver.k8s.io/v1\","
                + "\"replacement-available-in\":\"\",\"component\":\"k8s\"},\"deprecated\":true,\"removed\":false,\"replacementAvailable\":false}],"
                + "\"target-versions\":{\"cert-manager\":\"v1.5.3\",\"istio\":\"v1.11.0\",\"k8s\":\"v1.30.0\"}}";
        CheckResult r = CaseJudge.judge(withDeprecations(expectPass(), "v1.30.0"), Duration.ZERO, run(0, CLEAN), Optional.of(run(4, noReplacement)));
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.message()).startsWith("deprecated in Kubernetes v1.30.0: FlowSchema fs");
        assertThat(r.actual()).doesNotContain("pluto:");
    }

    @Test
    void aPlutoThatFailsFailsTheCase() {
        IntegrationCase c = withDeprecations(expectPass(), "v1.30.0");
        ExecResult broken = new ExecResult(1, "Your --target-version must begin with a 'v'. Got '1.30'\n", "", false, false, Duration.ZERO);
        CheckResult r = CaseJudge.judge(c, Duration.ZERO, run(0, CLEAN), Optional.of(broken));
        assertThat(r.message()).startsWith("pluto failed (exit code 1): pluto printed no JSON: Your --target-version must begin with a 'v'");
    }
}
