package io.ppctl.integration;

import io.ppctl.config.IntegrationCase;
import io.ppctl.docker.ExecResult;
import io.ppctl.report.CheckResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an integration case passed, from what kyverno (and pluto) printed. Pure, so every rule has a unit
 * test:
 * <ul>
 *   <li>no kyverno summary, or {@code error} above zero: failed, whatever {@code expect} says;</li>
 *   <li>{@code expect: pass}: no failed rule;</li>
 *   <li>{@code expect: fail}: the manifests are rejected, by at least one failed rule or (with {@code deprecations})
 *       an apiVersion removed in the target Kubernetes version; when {@code expectViolations} is given, exactly those
 *       policy/rule pairs failed (each of them, and no other);</li>
 *   <li>with {@code deprecations}: an apiVersion removed in the target Kubernetes version fails an {@code expect: pass}
 *       case; deprecated ones are reported in the case's message.</li>
 * </ul>
 * What kyverno and pluto reported is kept as the result's {@code actual}, for passed cases too (--output json), so a
 * case that was rejected as expected shows by what.
 */
public final class CaseJudge {
    public static final String KIND = "case";

    private CaseJudge() {}

    public static CheckResult judge(IntegrationCase c, Duration took, ExecResult kyverno, Optional<ExecResult> pluto) {
        KyvernoResult k = KyvernoOutputParser.parse(kyverno.stdout());
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (kyverno.timedOut()) {
            problems.add("kyverno apply timed out");
        } else if (k.summary().isEmpty()) {
            problems.add("kyverno printed no result summary (exit code " + kyverno.exitCode() + ")");
        }
        // pluto first: whether it found a removed apiVersion decides what an expect: fail case needs from kyverno.
        List<String> plutoProblems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<PlutoReport.Finding> removed = pluto.map(p -> judgePluto(c, p, plutoProblems, notes, evidence)).orElse(List.of());
        if (!kyverno.timedOut() && k.summary().isPresent()) {
            judgeKyverno(c, k, kyverno.exitCode(), !removed.isEmpty(), problems);
        }
        problems.addAll(plutoProblems);
        String actual = actual(k, kyverno, pluto) + evidence.stream().map(e -> "\n" + e).reduce("", String::concat);
        if (problems.isEmpty()) {
            return new CheckResult(c.name(), KIND, true, took, notes.isEmpty() ? null : String.join("; ", notes), null, actual);
        }
        problems.addAll(notes);
        return CheckResult.fail(c.name(), KIND, took, String.join("; ", problems), expected(c), actual);
    }

    private static void judgeKyverno(IntegrationCase c, KyvernoResult k, int exitCode, boolean removedApis, List<String> problems) {
        KyvernoResult.Summary s = k.summary().orElseThrow();
        if (s.error() > 0) {
            problems.add("kyverno reported " + s.error() + " error(s): a rule could not be evaluated");
        }
        if (c.expectPass()) {
            if (s.fail() > 0) {
                problems.add("expected no violations, got " + s.fail() + ": " + describe(k.violations()));
            } else if (exitCode != 0 && s.error() == 0) {
                problems.add("kyverno exited " + exitCode + " without reporting a failure");
            }
            return;
        }
        if (s.fail() == 0) {
            if (!removedApis || !c.expectViolations().isEmpty()) {
                problems.add("expected the policies to reject these manifests, but no rule failed (" + s + ")");
            }
            return;
        }
        if (c.expectViolations().isEmpty()) {
            return;
        }
        Set<String> occurred = new LinkedHashSet<>(k.violationIds());
        if (occurred.isEmpty()) {
            problems.add("kyverno counted " + s.fail() + " failure(s) but printed no 'policy ... failed:' block to compare with "
                    + String.join(", ", c.expectViolations()));
            return;
        }
        List<String> missing = c.expectViolations().stream().filter(v -> !occurred.contains(v)).toList();
        List<String> unexpected = occurred.stream().filter(v -> !c.expectViolations().contains(v)).toList();
        if (!missing.isEmpty()) {
            problems.add("expected violation(s) did not occur: " + String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected violation(s): " + describe(k.violations().stream()
                    .filter(v -> unexpected.contains(v.id())).toList()));
        }
    }

    /**
     * Adds pluto's problems and notes; in an {@code expect: fail} case a removed apiVersion is the expected rejection
     * ({@code evidence}, shown as the case's actual output). Returns the removed apiVersions found.
     */
    private static List<PlutoReport.Finding> judgePluto(IntegrationCase c, ExecResult run, List<String> problems, List<String> notes,
                                                         List<String> evidence) {
        String target = IntegrationCommands.kubernetesVersion(c.deprecationsKubernetes());
        if (run.timedOut()) {
            problems.add("pluto detect timed out");
            return List.of();
        }
        PlutoReport report;
        try {
            report = PlutoReportParser.parse(run.stdout());
        } catch (IllegalArgumentException e) {
            problems.add("pluto failed (exit code " + run.exitCode() + "): " + e.getMessage());
            return List.of();
        }
        if (!plutoReported(run.exitCode()) && report.findings().isEmpty()) {
            problems.add("pluto failed (exit code " + run.exitCode() + ")");
        }
        if (!report.removed().isEmpty()) {
            String found = "apiVersions removed in Kubernetes " + target + ": " + join(report.removed());
            if (c.expectPass()) {
                problems.add(found);
            } else {
                evidence.add(found);
            }
        }
        if (!report.deprecatedOnly().isEmpty()) {
            notes.add("deprecated in Kubernetes " + target + ": " + join(report.deprecatedOnly()));
        }
        return report.removed();
    }

    /**
     * pluto's exit codes for a run that reported (pkg/api/output.go GetReturnCode in 5.22): 0 nothing, 2 deprecated,
     * 3 removed, 4 a replacement not yet available in the target version (wins over 3). Anything else is a failure.
     */
    static boolean plutoReported(int exitCode) {
        return exitCode == 0 || exitCode == 2 || exitCode == 3 || exitCode == 4;
    }

    private static String expected(IntegrationCase c) {
        if (c.expectPass()) {
            return "pass: no policy violation, no error";
        }
        return c.expectViolations().isEmpty() ? "fail: at least one policy violation, no error"
                : "fail with exactly: " + String.join(", ", c.expectViolations());
    }

    private static String actual(KyvernoResult k, ExecResult kyverno, Optional<ExecResult> pluto) {
        StringBuilder sb = new StringBuilder();
        if (k.summary().isPresent()) {
            sb.append(k.summary().get());
            for (KyvernoResult.Violation v : k.violations()) {
                sb.append("\n  ").append(v);
            }
        } else {
            sb.append("kyverno exit code ").append(kyverno.exitCode());
            if (!kyverno.stdout().isBlank()) {
                sb.append("\nstdout: ").append(CheckResult.excerpt(kyverno.stdout()));
            }
        }
        if (!kyverno.stderr().isBlank() && (k.summary().isEmpty() || k.summary().get().error() > 0)) {
            sb.append("\nstderr: ").append(CheckResult.excerpt(kyverno.stderr()));
        }
        pluto.filter(p -> !plutoReported(p.exitCode()))
                .ifPresent(p -> sb.append("\npluto: ").append(CheckResult.excerpt(p.stdout() + p.stderr())));
        return sb.toString();
    }

    private static String describe(List<KyvernoResult.Violation> violations) {
        if (violations.isEmpty()) {
            return "(no 'policy ... failed:' block printed)";
        }
        List<String> out = new ArrayList<>();
        for (KyvernoResult.Violation v : violations) {
            out.add(v.id() + " on " + v.resource());
        }
        return String.join(", ", out);
    }

    private static String join(List<PlutoReport.Finding> findings) {
        return String.join(", ", findings.stream().map(PlutoReport.Finding::toString).toList());
    }
}
