package io.ppctl.smoke;

import io.ppctl.docker.ExecResult;
import io.ppctl.report.CheckResult;
import io.ppctl.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Versions read from what the real tools print (fixtures/tool-output), compared leniently about a leading v. */
class ToolVersionsTest {

    @Test
    void readsTheVersionEachRealToolPrints() {
        assertThat(ToolVersions.printed(Fixtures.text("tool-output/kyverno-version.txt"))).hasValue("1.12.5");
        assertThat(ToolVersions.printed(Fixtures.text("tool-output/helm-version-v3.txt"))).hasValue("v3.2.1");
        assertThat(ToolVersions.printed(Fixtures.text("tool-output/helm-version-v4.txt"))).hasValue("v4.0.4");
        assertThat(ToolVersions.printed(Fixtures.text("tool-output/pluto-version.txt"))).hasValue("5.19.0");
        assertThat(ToolVersions.printed("Client Version: nothing here")).isEmpty();
    }

    @Test
    void aLeadingVDoesNotMatter() {
        assertThat(ToolVersions.same("v1.15.2", "1.15.2")).isTrue();
        assertThat(ToolVersions.same("1.15.2", "v1.15.2")).isTrue();
        assertThat(ToolVersions.same("1.15.2", "1.15.20")).isFalse();
    }

    @Test
    void pinsComeFromTheDockerfileArgsOfTheThreeTools() {
        String dockerfile = """
                FROM alpine:3.22
                ARG KYVERNO_VERSION=v1.15.2
                ARG HELM_VERSION="v3.19.0"
                ARG ALPINE_VERSION=3.22
                ARG PLUTO_VERSION=${BASE}
                """;
        assertThat(ToolVersions.pins(dockerfile)).containsExactly(
                new SmokeCheck.VersionPin("kyverno", "KYVERNO_VERSION", "v1.15.2"),
                new SmokeCheck.VersionPin("helm", "HELM_VERSION", "v3.19.0"));
        assertThat(ToolVersions.pins(null)).isEmpty();
    }

    @Test
    void aToolPrintingAnotherVersionThanThePinFails() {
        SmokeCheck.VersionPin pin = new SmokeCheck.VersionPin("kyverno", "KYVERNO_VERSION", "v1.16.0");
        CheckResult r = VersionPinEvaluator.evaluate(pin, ok(Fixtures.text("tool-output/kyverno-version.txt")));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).isEqualTo("kyverno is 1.12.5 but the Dockerfile pins KYVERNO_VERSION=v1.16.0");
        assertThat(r.expected()).isEqualTo("v1.16.0 (KYVERNO_VERSION in the Dockerfile)");
        assertThat(r.actual()).contains("Version: 1.12.5");
        assertThat(r.name()).isEqualTo("kyverno is v1.16.0 (KYVERNO_VERSION in the Dockerfile)");
    }

    @Test
    void theSameVersionWithOrWithoutVPasses() {
        assertThat(VersionPinEvaluator.evaluate(new SmokeCheck.VersionPin("helm", "HELM_VERSION", "3.2.1"),
                ok(Fixtures.text("tool-output/helm-version-v3.txt"))).passed()).isTrue();
        assertThat(VersionPinEvaluator.evaluate(new SmokeCheck.VersionPin("kyverno", "KYVERNO_VERSION", "v1.12.5"),
                ok(Fixtures.text("tool-output/kyverno-version.txt"))).passed()).isTrue();
    }

    @Test
    void aToolThatFailsOrPrintsNoVersionFails() {
        SmokeCheck.VersionPin pin = new SmokeCheck.VersionPin("pluto", "PLUTO_VERSION", "5.22.0");
        ExecResult missing = new ExecResult(127, "", "sh: pluto: not found\n", false, false, Duration.ofMillis(5));
        assertThat(VersionPinEvaluator.evaluate(pin, missing).message()).isEqualTo("'pluto version' exited 127");
        assertThat(VersionPinEvaluator.evaluate(pin, ok("pluto\n")).message()).isEqualTo("pluto printed no version");
    }

    private static ExecResult ok(String stdout) {
        return new ExecResult(0, stdout, "", false, false, Duration.ofMillis(40));
    }
}
