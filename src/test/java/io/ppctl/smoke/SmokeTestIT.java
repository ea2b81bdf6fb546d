package io.ppctl.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.docker.Labels;
import io.ppctl.project.BuildRecord;
import io.ppctl.project.Project;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** ppctl smoke-test end to end: the real daemon, the stand-in policy platform image, the CLI as users run it. */
class SmokeTestIT {
    private static final String PINS = "FROM alpine:3.22\nARG KYVERNO_VERSION=v1.15.2\nARG PLUTO_VERSION=5.22.5\nARG HELM_VERSION=v3.19.0\n";
    private TestProject project;

    @BeforeEach
    void create() {
        project = TestProject.create().write("VERSION", "v1.2.3\n").write("Dockerfile", PINS)
                .write("policies/security-policy/disallow-privileged.yaml", "kind: ClusterPolicy\n")
                .write("policies/backend-applications/charts/app/Chart.yaml", "name: app\n");
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

    private static void assertNoContainerLeft() {
        assertThat(TestDocker.containersWithLabel(Labels.SESSION, Labels.sessionId())).isEmpty();
        assertThat(TestDocker.containersFrom(StandinImage.ref(), true)).isEmpty();
    }

    @Test
    void theDefaultChecksPassOnAGoodImageAndAreWrittenAsJUnit() throws Exception {
        Path junit = project.path("reports/smoke.xml");
        CliResult r = ppctl("smoke-test", "--image", StandinImage.ref(), "--junit", junit.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("PASS  kyverno version", "PASS  /repos/security-policy is a directory",
                "PASS  helm is v3.19.0 (HELM_VERSION in the Dockerfile)", "9 passed, 0 failed");
        assertThat(r.stderr()).contains("smoke-test").contains("9 passed, 0 failed");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("9");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("classname")).isEqualTo("ppctl.smoke-test.command");
        assertNoContainerLeft();
    }

    @Test
    void everyAssertionKindCanFailAndEachFailureSaysWhatWasExpected() throws Exception {
        project.write("ppctl.yaml", """
                smokeTests:
                  commands:
                    - name: kyverno installed
                      command: [kyverno, version]
                      expectedOutput: ["^Version: v?1\\\\.15\\\\.\\\\d+$"]
                      excludedOutput: ["dirty"]
                    - name: exit code
                      command: [helm, versoin]
                    - name: expected output
                      command: [pluto, version]
                      expectedOutput: ["^Version:6\\\\."]
                    - name: excluded output
                      command: [kyverno, version]
                      excludedOutput: ["Git commit ID"]
                    - name: expected error
                      command: [sh, -c, "echo all good >&2"]
                      expectedError: ["^warning:"]
                    - name: excluded error
                      command: [sh, -c, "echo 'panic: runtime error' >&2"]
                      excludedError: ["panic"]
                    - name: env reaches the command
                      command: [sh, -c, "echo $STAGE"]
                      env: {STAGE: smoke}
                      expectedOutput: ["^smoke$"]
                  files:
                    - path: /repos/security-policy
                      type: directory
                      permissions: drwxr-xr-x
                    - path: /repos/nope
                    - path: /usr/local/bin/kyverno
                      type: directory
                    - path: /usr/local/bin/helm
                      permissions: -rwx------
                    - path: /etc/platform-release
                      type: file
                      expectedContents: ["^policy platform"]
                    - path: /etc/platform-release
                      type: file
                      expectedContents: ["^kubernetes"]
                    - path: /root/.ssh
                      shouldExist: false
                  metadata:
                    labels: {org.opencontainers.image.version: "v.*", org.opencontainers.image.revision: ".+"}
                    user: "0"
                    workdir: /repos
                    env: {POLICY_PLATFORM: stand-in}
                """);
        Path junit = project.path("smoke.xml");
        CliResult r = ppctl("smoke-test", "--image", StandinImage.ref(), "--junit", junit.toString(), "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("ppctl: ", " passed, 11 failed");
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        json.get("checks").forEach(c -> checks.put(c.get("name").asText() + (checks.containsKey(c.get("name").asText()) ? " #2" : ""), c));
        assertThat(json.get("failed").asInt()).isEqualTo(11);
        assertPassed(checks, "kyverno installed", "env reaches the command", "/repos/security-policy is a directory drwxr-xr-x",
                "/etc/platform-release is a file", "/root/.ssh is absent", "label org.opencontainers.image.version", "workdir",
                "env POLICY_PLATFORM", "kyverno is v1.15.2 (KYVERNO_VERSION in the Dockerfile)");
        assertFailed(checks, "exit code", "exit code 1, expected 0");
        assertThat(checks.get("exit code").get("actual").asText()).contains("Error: unknown command \"versoin\" for \"helm\"");
        assertFailed(checks, "expected output", "stdout does not match /^Version:6\\./");
        assertFailed(checks, "excluded output", "stdout matches excluded /Git commit ID/ at 'Git commit ID: 5a6c13b2'");
        assertFailed(checks, "expected error", "stderr does not match /^warning:/");
        assertFailed(checks, "excluded error", "stderr matches excluded /panic/ at 'panic: runtime error'");
        assertFailed(checks, "/repos/nope exists", "/repos/nope does not exist");
        assertFailed(checks, "/usr/local/bin/kyverno is a directory", "/usr/local/bin/kyverno is a file, expected a directory");
        assertFailed(checks, "/usr/local/bin/helm exists -rwx------", "permissions are -rwxr-xr-x, expected -rwx------");
        assertFailed(checks, "/etc/platform-release is a file #2", "contents do not match /^kubernetes/");
        assertFailed(checks, "label org.opencontainers.image.revision", "label org.opencontainers.image.revision is missing");
        assertFailed(checks, "user", "user is '1000', expected '0'");
        assertThat(checks.get("exit code").get("durationMillis").asLong()).isPositive();

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(checks.size());
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(11);
        Map<String, String> failures = new HashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList f = c.getElementsByTagName("failure");
            if (f.getLength() > 0) {
                failures.put(c.getAttribute("name"), ((Element) f.item(0)).getAttribute("message"));
            }
        }
        assertThat(failures).containsEntry("user", "user is '1000', expected '0'").containsKey("/repos/nope exists");
        assertNoContainerLeft();
    }

    @Test
    void theTextReportShowsWhatWasExpectedAndWhatCameOut() {
        project.write("ppctl.yaml", """
                smokeTests:
                  commands:
                    - name: helm answers
                      command: [helm, versoin]
                """);
        CliResult r = ppctl("smoke-test", "--image", StandinImage.ref());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAIL  helm answers", "      exit code 1, expected 0", "      expected: exit code 0",
                "      got:      exit code 1", "stderr: Error: unknown command \"versoin\" for \"helm\"", "3 passed, 1 failed");
        assertThat(r.stderr()).contains("ppctl: 3 passed, 1 failed (failed: helm answers)");
    }

    @Test
    void aCheckThatHangsIsKilledAtItsTimeoutAndTheOthersStillRun() {
        project.write("ppctl.yaml", """
                smokeTests:
                  commands:
                    - name: hangs
                      command: [sleep, "300"]
                      timeout: 1s
                    - name: answers
                      command: [kyverno, version]
                """);
        long start = System.nanoTime();
        CliResult r = ppctl("smoke-test", "--image", StandinImage.ref(), "--output", "json");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("\"message\" : \"timed out after 1s\"");
        assertThat(r.stdout()).contains("\"name\" : \"answers\"");
        assertThat(seconds).isLessThan(20);
        assertNoContainerLeft();
    }

    @Test
    void aToolThatIsNotTheVersionTheDockerfilePinsFails() {
        project.write("Dockerfile", PINS.replace("KYVERNO_VERSION=v1.15.2", "KYVERNO_VERSION=v1.16.0"));
        CliResult r = ppctl("smoke-test", "--image", StandinImage.ref());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAIL  kyverno is v1.16.0 (KYVERNO_VERSION in the Dockerfile)",
                "kyverno is 1.15.2 but the Dockerfile pins KYVERNO_VERSION=v1.16.0");
    }

    @Test
    void aPolicyRepoMissingFromTheImageFails() {
        project.write("policies/network-policy/p.yaml", "kind: ClusterPolicy\n");
        CliResult r = ppctl("smoke-test", "--image", StandinImage.ref());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAIL  /repos/network-policy is a directory", "/repos/network-policy does not exist");
    }

    @Test
    void withoutImageOptionTheLastBuildIsTested() {
        String id = StandinImage.id();
        BuildRecord.builder().imageId(id).imageName(TestDocker.prefix() + "-standins").version("v1.2.3").builtAt(Instant.now())
                .size(1).layers(1).labels(Map.of()).build().save(Project.open(project.dir(), null, Map.of()));
        CliResult r = ppctl("smoke-test");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void aMissingImageOrDaemonIsExitThreeAndNothingIsWritten() {
        Path junit = project.path("smoke.xml");
        CliResult missing = ppctl("smoke-test", "--image", TestDocker.prefix() + "-nope:1", "--junit", junit.toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.stderr()).contains("is not available locally");
        CliResult noDaemon = Cli.run(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), "-C", project.dir().toString(),
                "smoke-test", "--image", StandinImage.ref());
        assertThat(noDaemon.exitCode()).isEqualTo(3);
        assertThat(junit).doesNotExist();
    }

    @Test
    void ctrlCRemovesTheContainer() throws Exception {
        project.write("ppctl.yaml", "smokeTests:\n  commands:\n    - {name: long, command: [sleep, \"120\"], timeout: 5m}\n");
        Process p = Cli.processBuilder(project.dir(), Map.of(), "smoke-test", "--image", StandinImage.ref())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (TestDocker.containersFrom(StandinImage.ref(), false).isEmpty()) {
                assertThat(System.nanoTime()).as("the check container never started").isLessThan(deadline);
                assertThat(p.isAlive()).isTrue();
                Thread.sleep(100);
            }
            Thread.sleep(500);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(TestDocker.containersFrom(StandinImage.ref(), true)).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    private static void assertPassed(Map<String, JsonNode> checks, String... names) {
        for (String n : names) {
            assertThat(checks).as("checks: " + checks.keySet()).containsKey(n);
            assertThat(checks.get(n).get("status").asText()).as(n + ": " + checks.get(n)).isEqualTo("passed");
        }
    }

    private static void assertFailed(Map<String, JsonNode> checks, String name, String message) {
        assertThat(checks).as("checks: " + checks.keySet()).containsKey(name);
        JsonNode c = checks.get(name);
        assertThat(c.get("status").asText()).as(name).isEqualTo("failed");
        assertThat(c.get("message").asText()).as(name).isEqualTo(message);
        assertThat(c.get("expected").asText()).as(name).isNotBlank();
    }
}
