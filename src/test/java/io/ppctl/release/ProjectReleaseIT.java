package io.ppctl.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.config.ConfigLoader;
import io.ppctl.config.IntegrationCase;
import io.ppctl.config.PpctlConfig;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CiBaseImage;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.ProjectCopy;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's own release on the real tools: this repository's Dockerfile (TOOLS_SOURCE=local with the real
 * kyverno, pluto and helm from scripts/install-real-tools.sh, BASE_IMAGE the CI base of docs/ci-image.md), its own
 * ppctl.yaml smoke tests and integration cases, judged by the real kyverno and pluto. The scan needs a real Trivy
 * with a database made offline (issue 13, section 4, another branch): until that lands the release runs with
 * --skip scan --no-push, which is what ppctl allows without a scan.
 */
class ProjectReleaseIT {
    private static final String PASSWORD = "own-" + UUID.randomUUID();
    private static final Pattern VIOLATION = Pattern.compile("(?m)^  (\\S+) on (\\S+)");
    private static TestRegistry registry;
    private static TestProject project;
    private static String repo;

    @BeforeAll
    static void copyTheProject() {
        registry = TestRegistry.start(PASSWORD);
        repo = TestDocker.prefix() + "/policy-platform";
        // A name of its own on the shared daemon; its last segment is the title label the smoke tests check.
        project = ProjectCopy.create(TestDocker.prefix() + "/policy-platform", String.join("\n",
                "registries:",
                "  - name: local",
                "    repository: " + registry.host() + "/" + repo));
    }

    @AfterAll
    static void remove() {
        if (project != null) {
            project.close();
        }
        registry.close();
        TestDocker.cleanup();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_LOCAL_USERNAME", TestRegistry.USER);
        env.put("PPCTL_LOCAL_PASSWORD", PASSWORD);
        env.put("DOCKER_CONFIG", TestDocker.tempDir("ppctl-own-docker-config").toString());
        return env;
    }

    private static CliResult ppctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = project.dir().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(env(), all);
    }

    @Test
    void theProjectsOwnReleasePassesEveryGateOnTheRealTools() throws Exception {
        PpctlConfig config = ConfigLoader.load(project.path("ppctl.yaml"), true);
        Path junit = project.path("target/junit");
        long started = System.nanoTime();
        CliResult r = ppctl("release", "--no-push", "--skip", "scan", "--junit-dir", junit.toString(),
                "--build-arg", "BASE_IMAGE=" + CiBaseImage.ref(), "--build-arg", "TOOLS_SOURCE=local");
        System.out.printf("ProjectReleaseIT: release of the project took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
        assertThat(r.exitCode()).as(() -> r + "\n" + junitFiles(junit)).isZero();

        JsonNode report = new ObjectMapper().readTree(project.path("target/ppctl/release-report.json").toFile());
        assertThat(report.get("steps")).extracting(s -> s.get("name").asText() + " " + s.get("status").asText())
                .containsExactly("build passed", "tag passed", "smoke-test passed", "integration-test passed", "scan skipped", "push skipped");
        assertThat(report.get("skipped")).extracting(s -> s.get("step").asText()).containsExactlyInAnyOrder("scan", "push");
        assertThat(report.get("smokeTest").get("failed").asInt()).isZero();
        assertThat(report.get("integrationTest").get("failed").asInt()).isZero();
        assertThat(report.get("integrationTest").get("passed").asInt()).isEqualTo(config.integrationTests().size());

        // Every case that must fail was rejected by exactly the rules it names, as the real kyverno reports them
        // (autogen-<rule> for the chart's Deployment), and by nothing else.
        Map<String, String> seen = systemOut(junit.resolve("integration-test.xml"));
        for (IntegrationCase c : config.integrationTests()) {
            if (c.expectPass()) {
                continue;
            }
            String out = seen.get(c.name());
            assertThat(out).as(c.name() + ": what kyverno and pluto reported").isNotNull();
            Matcher m = VIOLATION.matcher(out);
            Map<String, String> violations = new LinkedHashMap<>();
            while (m.find()) {
                violations.put(m.group(1), m.group(2));
            }
            assertThat(violations.keySet()).as(c.name() + "\n" + out).containsExactlyInAnyOrderElementsOf(c.expectViolations());
            assertThat(violations.values()).as(c.name()).allMatch(resource -> resource.startsWith("default/Deployment/"));
            if (c.expectViolations().isEmpty()) {
                // The removed-API case: kyverno finds nothing, the real pluto finds the extensions/v1beta1 Ingress.
                assertThat(out).as(c.name()).contains("fail: 0", "apiVersions removed in Kubernetes v1.30.0: Ingress "
                        + c.name() + "-app (extensions/v1beta1, removed in v1.22.0; use networking.k8s.io/v1)");
            }
        }
        // helm lint ran for real, inside the image.
        assertThat(junit.resolve("smoke-test.xml")).content().contains("the bundled chart lints").doesNotContain("<failure");

        // The control: the rule name a Pod would get (what the stand-ins once let pass) is refused by the real kyverno,
        // which names the rule it generated for the Deployment.
        String yaml = project.read("ppctl.yaml");
        project.write("wrong-rule.yaml", yaml.substring(0, yaml.indexOf("integrationTests:")) + String.join("\n",
                "integrationTests:",
                "  - name: privileged-container",
                "    chart: /repos/backend-applications/charts/app",
                "    values: [./tests/integration/privileged-container.yaml]",
                "    policies: /repos/security-policy",
                "    expect: fail",
                "    expectViolations: [disallow-privileged-containers/privileged-containers]",
                ""));
        CliResult wrong = ppctl("-c", "wrong-rule.yaml", "integration-test", "--output", "json");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
        JsonNode only = new ObjectMapper().readTree(wrong.stdout()).get("checks").get(0);
        assertThat(only.get("message").asText()).startsWith(
                "expected violation(s) did not occur: disallow-privileged-containers/privileged-containers; "
                        + "unexpected violation(s): disallow-privileged-containers/autogen-privileged-containers on default/Deployment/");
    }

    /** What ppctl wrote into the JUnit folder, for the failure message. */
    private static String junitFiles(Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            StringBuilder sb = new StringBuilder();
            for (Path f : files.sorted().toList()) {
                sb.append("--- ").append(f.getFileName()).append('\n').append(java.nio.file.Files.readString(f));
            }
            return sb.toString();
        } catch (java.io.IOException e) {
            return "(no JUnit files: " + e + ")";
        }
    }

    /** testcase name -> its system-out, from a JUnit XML file ppctl wrote. */
    private static Map<String, String> systemOut(Path xml) throws Exception {
        Map<String, String> out = new HashMap<>();
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList so = c.getElementsByTagName("system-out");
            if (so.getLength() > 0) {
                out.put(c.getAttribute("name"), so.item(0).getTextContent());
            }
        }
        return out;
    }
}
