package io.ppctl.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.docker.Labels;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.StandinImage;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppctl integration-test end to end: the real daemon and the stand-in image, whose kyverno judges manifests by markers
 * (privileged: true, an image tagged latest, an annotation that forces an evaluation error) and whose pluto knows
 * three real entries of pluto's deprecation table.
 */
class IntegrationTestIT {
    private static final String APP = "/repos/backend-applications/charts/app";
    private static final String CASES = """
            integrationTests:
              - name: backend app meets security policy
                chart: %1$s
                values: [%1$s/values.yaml]
                policies: /repos/security-policy/
                expect: pass
              - name: privileged app is rejected
                chart: %1$s
                values: [%1$s/values-privileged.yaml]
                policies: /repos/security-policy/
                expect: fail
                expectViolations: [disallow-privileged/privileged-containers]
              - name: latest tag must pass but fails
                chart: %1$s
                set: {image: "nginx:latest"}
                policies: /repos/security-policy/
              - name: an unexpected violation
                chart: %1$s
                values: [%1$s/values-privileged.yaml]
                set: {image: "nginx:latest"}
                policies: /repos/security-policy/
                expect: fail
                expectViolations: [disallow-privileged/privileged-containers]
              - name: an evaluation error
                chart: %1$s
                set: {standin: error}
                policies: /repos/security-policy/
              - name: project chart uses a removed API
                chart: ./charts/legacy
                policies: ./policies/security-policy/
                deprecations: {kubernetes: v1.30.0}
              - name: deprecated API is only reported
                chart: ./charts/legacy
                values: [./charts/legacy/values-current.yaml]
                policies: ./policies/security-policy/
                deprecations: {kubernetes: "1.30.0"}
              - name: chart missing from the image
                chart: /repos/nope
                policies: /repos/security-policy/
            """.formatted(APP);

    private TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create().write("VERSION", "v1.2.3\n").write("Dockerfile", "FROM alpine:3.22\n")
                .write("ppctl.yaml", CASES)
                .write("policies/security-policy/disallow-privileged.yaml", "kind: ClusterPolicy\n")
                .write("policies/security-policy/disallow-latest-tag.yaml", "kind: ClusterPolicy\n")
                .write("charts/legacy/Chart.yaml", "apiVersion: v2\nname: legacy\nversion: 0.1.0\n")
                .write("charts/legacy/values.yaml", "ingressApi: extensions/v1beta1\n")
                .write("charts/legacy/values-current.yaml", "ingressApi: networking.k8s.io/v1\n")
                .write("charts/legacy/templates/ingress.yaml",
                        "apiVersion: {{ .Values.ingressApi }}\nkind: Ingress\nmetadata:\n  name: {{ .Release.Name }}-web\n  namespace: web\n")
                .write("charts/legacy/templates/flowschema.yaml",
                        "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: {{ .Release.Name }}\n");
        // The project is mounted at /workspace and the image runs as user 1000: a checkout is world-readable, a temp dir is not.
        Files.setPosixFilePermissions(project.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void remove() {
        project.close();
    }

    @AfterAll
    static void cleanup() {
        TestDocker.cleanup();
    }

    private CliResult ppctl(String... args) {
        return Cli.inProject(project.dir(), args);
    }

    @Test
    void eachCaseIsJudgedByWhatKyvernoAndPlutoReported() throws Exception {
        Path junit = project.path("target/integration.xml");
        CliResult r = ppctl("integration-test", "--image", StandinImage.ref(), "--junit", junit.toString(), "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("ppctl: 3 passed, 5 failed (failed: latest tag must pass but fails, an unexpected violation, "
                + "an evaluation error, project chart uses a removed API, chart missing from the image)");
        Map<String, JsonNode> cases = new LinkedHashMap<>();
        new ObjectMapper().readTree(r.stdout()).get("checks").forEach(c -> cases.put(c.get("name").asText(), c));

        assertThat(cases.get("backend app meets security policy").get("status").asText()).isEqualTo("passed");
        assertThat(cases.get("privileged app is rejected").get("status").asText()).isEqualTo("passed");
        assertFailed(cases, "latest tag must pass but fails", "expected no violations, got 1: "
                + "disallow-latest-tag/require-image-tag on default/Deployment/latest-tag-must-pass-but-fails");
        assertFailed(cases, "an unexpected violation",
                "unexpected violation(s): disallow-latest-tag/require-image-tag on default/Deployment/an-unexpected-violation");
        assertThat(cases.get("an unexpected violation").get("expected").asText())
                .isEqualTo("fail with exactly: disallow-privileged/privileged-containers");
        assertThat(cases.get("an unexpected violation").get("actual").asText()).startsWith("pass: 0, fail: 2, warn: 0, error: 0, skip: 0");
        assertFailed(cases, "an evaluation error", "kyverno reported 1 error(s): a rule could not be evaluated");
        assertFailed(cases, "project chart uses a removed API", "apiVersions removed in Kubernetes v1.30.0: "
                + "Ingress project-chart-uses-a-removed-api-web (extensions/v1beta1, removed in v1.22.0; use networking.k8s.io/v1); "
                + "deprecated in Kubernetes v1.30.0: FlowSchema project-chart-uses-a-removed-api "
                + "(flowcontrol.apiserver.k8s.io/v1beta3, deprecated in v1.24.0; use flowcontrol.apiserver.k8s.io/v1)");
        JsonNode deprecated = cases.get("deprecated API is only reported");
        assertThat(deprecated.get("status").asText()).isEqualTo("passed");
        assertThat(deprecated.get("message").asText()).startsWith("deprecated in Kubernetes v1.30.0: FlowSchema deprecated-api-is-only-reported");
        assertFailed(cases, "chart missing from the image", "helm template failed (exit code 1)");
        assertThat(cases.get("chart missing from the image").get("actual").asText()).isEqualTo("Error: path \"/repos/nope\" not found");
        assertThat(r.stderr()).contains("warning: deprecated API is only reported: deprecated in Kubernetes v1.30.0");

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        NodeList testcases = doc.getElementsByTagName("testcase");
        assertThat(testcases.getLength()).isEqualTo(8);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(5);
        Element error = (Element) testcases.item(4);
        assertThat(error.getAttribute("name")).isEqualTo("an evaluation error");
        assertThat(error.getAttribute("classname")).isEqualTo("ppctl.integration-test.case");
        assertThat(((Element) error.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("kyverno reported 1 error(s): a rule could not be evaluated");
        assertNoContainerLeft();
    }

    @Test
    void passingCasesExitZeroButWarnWhenNothingProvesThePoliciesBite() {
        project.write("passing.yaml", """
                integrationTests:
                  - name: backend app meets security policy
                    chart: %1$s
                    values: [%1$s/values.yaml]
                    policies: /repos/security-policy/
                """.formatted(APP));
        CliResult r = ppctl("-c", "passing.yaml", "integration-test", "--image", StandinImage.ref());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("PASS  backend app meets security policy", "1 passed, 0 failed");
        assertThat(r.stderr()).contains("warning: no integration case has 'expect: fail'");
        assertNoContainerLeft();
    }

    @Test
    void noCasesMeansTheStepIsSkipped() {
        project.write("ppctl.yaml", "image: {name: policy-platform}\n");
        CliResult r = ppctl("integration-test", "--image", StandinImage.ref());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).contains("skip integration-test: no integrationTests in ppctl.yaml");
        assertThat(r.stdout()).contains("0 passed, 0 failed");
    }

    @Test
    void aProjectPathThatDoesNotExistIsABadConfigBeforeAnythingStarts() {
        project.write("ppctl.yaml", "integrationTests:\n  - {name: a, chart: ./charts/nope, policies: /repos/security-policy/}\n");
        CliResult r = ppctl("integration-test", "--image", StandinImage.ref());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("integration case 'a': ./charts/nope does not exist in the project");
        assertNoContainerLeft();
    }

    private static void assertNoContainerLeft() {
        assertThat(TestDocker.containersWithLabel(Labels.SESSION, Labels.sessionId())).isEmpty();
        assertThat(TestDocker.docker("ps", "-aq", "--filter", "ancestor=" + StandinImage.ref())).isBlank();
    }

    private static void assertFailed(Map<String, JsonNode> cases, String name, String message) {
        JsonNode c = cases.get(name);
        assertThat(c).as(name + " in " + cases.keySet()).isNotNull();
        assertThat(c.get("status").asText()).as(name).isEqualTo("failed");
        assertThat(c.get("message").asText()).as(name).isEqualTo(message);
    }
}
