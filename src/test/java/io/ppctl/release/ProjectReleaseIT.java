package io.ppctl.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.config.ConfigLoader;
import io.ppctl.config.IntegrationCase;
import io.ppctl.config.PpctlConfig;
import io.ppctl.testing.EngineIndependent;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CiBaseImage;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.GoBuildInfo;
import io.ppctl.testing.ProjectCopy;
import io.ppctl.testing.RealTools;
import io.ppctl.testing.RealTrivy;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.SarifSchema;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import io.ppctl.testing.TrivyDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
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
 * The project's own release on the real tools, every gate and the push: this repository's Dockerfile
 * (TOOLS_SOURCE=local with the real kyverno, pluto and helm from scripts/install-real-tools.sh, BASE_IMAGE the CI
 * base of docs/ci-image.md), its own ppctl.yaml smoke tests and integration cases judged by the real kyverno and
 * pluto, the real Trivy 0.67.2 (scanner image {@link RealTrivy}) on a database the test writes ({@link TrivyDb},
 * --skip-db-update: nothing is downloaded), and the push to a local registry (distribution v3).
 * The database plants one GitHub advisory for the containerd module inside the real helm binary: LOW for the release
 * that must pass (Trivy really looked into the image's Go binaries, and the CRITICAL gate lets a LOW through), CRITICAL
 * for the release that must stop at the scan and push nothing. Both build the same image (the second from the
 * daemon's cache). The only changes to the project's ppctl.yaml: the image name, the registry, and where the scanner
 * and its database are.
 */
class ProjectReleaseIT {
    private static final String PASSWORD = "own-" + UUID.randomUUID();
    private static final Pattern VIOLATION = Pattern.compile("(?m)^  (\\S+) on (\\S+)");
    private static final String GO_MODULE = "github.com/containerd/containerd";
    private static final String ADVISORY = "CVE-2099-1013";
    private static final String PLANTED = "planted.yaml";
    private static final String WRONG_RULE = "wrong-rule.yaml";
    private static TestRegistry registry;
    private static TestProject project;
    private static String repo;
    private static Path tmp;
    private static Path dockerConfig;
    private static Path cache;
    private static Path plantedCache;
    private static String helmContainerd;

    @BeforeAll
    static void copyTheProject() {
        registry = TestRegistry.start(PASSWORD);
        repo = TestDocker.prefix() + "/policy-platform";
        tmp = TestDocker.tempDir("ppctl-own-tmp");
        dockerConfig = TestDocker.tempDir("ppctl-own-docker-config");
        cache = TestDocker.tempDir("ppctl-own-trivy-cache");
        plantedCache = TestDocker.tempDir("ppctl-own-trivy-planted");
        helmContainerd = GoBuildInfo.moduleVersion(RealTools.binary("helm"), GO_MODULE);
        advisory("LOW").writeTo(cache);
        advisory("CRITICAL").writeTo(plantedCache);
        // A name of its own on the shared daemon; its last segment is the title label the smoke tests check.
        project = ProjectCopy.create(TestDocker.prefix() + "/policy-platform", String.join("\n",
                "registries:",
                "  - name: local",
                "    repository: " + registry.host() + "/" + repo));
        String yaml = project.read("ppctl.yaml");
        project.write("ppctl.yaml", withScanner(yaml, cache));
        // The same project with the CRITICAL database and a repository of its own, so the two cases do not depend on
        // each other's order. All committed here: a release needs a clean tree.
        project.write(PLANTED, withScanner(yaml, plantedCache).replace(registry.host() + "/" + repo, registry.host() + "/" + repo + "-planted"));
        project.write(WRONG_RULE, yaml.substring(0, yaml.indexOf("integrationTests:")) + String.join("\n",
                "integrationTests:",
                "  - name: privileged-container",
                "    chart: /repos/backend-applications/charts/app",
                "    values: [./tests/integration/privileged-container.yaml]",
                "    policies: /repos/security-policy",
                "    expect: fail",
                "    expectViolations: [disallow-privileged-containers/privileged-containers]",
                ""));
        project.commit("the scanner and its offline database; a case with the wrong rule name");
    }

    @AfterAll
    static void remove() {
        if (project != null) {
            project.close();
        }
        registry.close();
        for (Path dir : new Path[] {tmp, dockerConfig, cache, plantedCache}) {
            if (dir != null) {
                TestProject.deleteTree(dir);
            }
        }
        TestDocker.cleanup();
    }

    /** One GitHub advisory for what the real helm binary contains, fixed in the next patch release. */
    private static TrivyDb advisory(String severity) {
        String fix = GoBuildInfo.nextPatch(helmContainerd);
        return TrivyDb.create().goModule(GO_MODULE, ADVISORY, "< " + fix, fix)
                .vulnerability(ADVISORY, severity, "containerd: planted " + severity.toLowerCase());
    }

    /** The project's scan: block plus the scanner image and the offline database in {@code cacheDir}. */
    private static String withScanner(String yaml, Path cacheDir) {
        String keys = "scan:\n  image: " + RealTrivy.image() + "\n  skipDbUpdate: true\n  cacheDir: " + cacheDir + "\n";
        assertThat(yaml).contains("\nscan:\n");
        return yaml.replace("\nscan:\n", "\n" + keys);
    }

    /** {@code global} ppctl release --junit-dir JUNIT (the CI build args) {@code options}. */
    private static String[] releaseArgs(Path junit, List<String> options, String... global) {
        List<String> all = new java.util.ArrayList<>(List.of(global));
        all.addAll(List.of("release", "--junit-dir", junit.toString(),
                "--build-arg", "BASE_IMAGE=" + CiBaseImage.ref(), "--build-arg", "TOOLS_SOURCE=local"));
        all.addAll(options);
        return all.toArray(String[]::new);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_LOCAL_USERNAME", TestRegistry.USER);
        env.put("PPCTL_LOCAL_PASSWORD", PASSWORD);
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        env.put("TMPDIR", tmp.toString());
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
    void theProjectsOwnReleasePassesEveryGateOnTheRealToolsAndPushesEveryTag() throws Exception {
        PpctlConfig config = ConfigLoader.load(project.path("ppctl.yaml"), true);
        Path junit = project.path("target/junit");
        long started = System.nanoTime();
        Path sarif = project.path("target/own.sarif");
        CliResult r = ppctl(releaseArgs(junit, List.of("--sarif", sarif.toString())));
        System.out.printf("ProjectReleaseIT: release of the project took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
        assertThat(r.exitCode()).as(() -> r + "\n" + junitFiles(junit)).isZero();

        JsonNode report = new ObjectMapper().readTree(project.path("target/ppctl/release-report.json").toFile());
        assertThat(report.get("steps")).extracting(s -> s.get("name").asText() + " " + s.get("status").asText())
                .containsExactly("build passed", "tag passed", "smoke-test passed", "integration-test passed", "scan passed", "push passed");
        assertThat(report.get("skipped")).isEmpty();
        assertThat(report.get("status").asText()).isEqualTo("released");

        // The real Trivy read the helm binary's build info in the project's image: the planted LOW is its one finding
        // (nothing else is in the database), and the CRITICAL gate lets it through.
        assertThat(r.stdout()).contains("scan     1 LOW: PASSED at CRITICAL");
        assertThat(report.get("scan").get("passed").asBoolean()).isTrue();
        assertThat(report.at("/scan/counts/LOW/total").asInt()).isEqualTo(1);
        assertThat(SarifSchema.problems(sarif)).isEmpty();
        JsonNode results = new ObjectMapper().readTree(sarif.toFile()).at("/runs/0/results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("ruleId").asText()).isEqualTo(ADVISORY);
        assertThat(results.get(0).at("/locations/0/message/text").asText())
                .isEqualTo("usr/local/bin/helm: " + GO_MODULE + "@" + helmContainerd);
        assertThat(junit.resolve("scan.xml")).content().contains("no vulnerability at or above CRITICAL").doesNotContain("<failure");

        // Every tag of ppctl.yaml, one digest, the labels of the commit released (Registry API, storage, crane).
        String version = project.read("VERSION").strip();
        String sha = "sha-" + project.head().substring(0, 7);
        RegistryContent.Release pushed = RegistryContent.release(registry, repo, List.of(version, sha, "latest"));
        assertThat(pushed.labels()).containsEntry("org.opencontainers.image.version", version)
                .containsEntry("org.opencontainers.image.revision", project.head());
        assertThat(r.stdout()).contains(registry.host() + "/" + repo + ":" + version + "@" + pushed.digest());
        assertThat(report.get("pushed")).hasSize(3);
        assertNothingLeftInTmp();
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
        // disallow-latest-tag's other rule, for an image with no tag at all: the case's sidecar (containers/1; the chart
        // refuses an empty image.tag for its own container), exactly as the real kyverno reports it.
        assertThat(seen.get("untagged-image")).as("untagged-image").contains("pass: 6, fail: 1, warn: 0, error: 0, skip: 0\n"
                + "  disallow-latest-tag/autogen-require-image-tag on default/Deployment/untagged-image-app: validation error: "
                + "An image tag is required. Write every image as repository:tag (for example registry.example.com/team/app:1.4.2). "
                + "rule autogen-require-image-tag failed at path /spec/template/spec/containers/1/image/");
        // helm lint ran for real, inside the image.
        assertThat(junit.resolve("smoke-test.xml")).content().contains("the bundled chart lints").doesNotContain("<failure");

        // The control: the rule name a Pod would get (what the stand-ins once let pass) is refused by the real kyverno,
        // which names the rule it generated for the Deployment.
        CliResult wrong = ppctl("-c", WRONG_RULE, "integration-test", "--output", "json");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
        JsonNode only = new ObjectMapper().readTree(wrong.stdout()).get("checks").get(0);
        assertThat(only.get("message").asText()).startsWith(
                "expected violation(s) did not occur: disallow-privileged-containers/privileged-containers; "
                        + "unexpected violation(s): disallow-privileged-containers/autogen-privileged-containers on default/Deployment/");
    }

    @Test
    @EngineIndependent // the real Trivy's verdict on the real helm; the release above proves the project on each engine
    void aCriticalAdvisoryForAModuleInTheRealHelmStopsTheProjectsOwnReleaseAtTheScanAndPushesNothing() throws Exception {
        Path junit = project.path("target/junit-planted");
        long started = System.nanoTime();
        CliResult r = ppctl(releaseArgs(junit, List.of(), "-c", PLANTED));
        System.out.printf("ProjectReleaseIT: the planted release took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
        assertThat(r.exitCode()).as(() -> r + "\n" + junitFiles(junit)).isEqualTo(1);
        String named = "CRITICAL " + ADVISORY + " in " + GO_MODULE + " " + helmContainerd + ", fixed in "
                + GoBuildInfo.nextPatch(helmContainerd);
        assertThat(junit.resolve("scan.xml")).as(r.toString()).content().contains("<failure", named, "target: usr/local/bin/helm");
        assertThat(r.stderrLines()).as(r.toString()).last().asString().startsWith("ppctl: scan gate: 1 CRITICAL: FAILED at CRITICAL");

        JsonNode report = new ObjectMapper().readTree(project.path("target/ppctl/release-report.json").toFile());
        assertThat(report.get("steps")).extracting(s -> s.get("name").asText() + " " + s.get("status").asText())
                .startsWith("build passed", "tag passed", "smoke-test passed", "integration-test passed", "scan failed")
                .noneMatch(s -> s.startsWith("push passed"));
        assertThat(report.get("status").asText()).isEqualTo("failed");
        assertThat(report.at("/failure/step").asText()).isEqualTo("scan");
        assertThat(report.at("/failure/exitCode").asInt()).isEqualTo(1);
        assertThat(report.get("pushed")).isNull();

        String planted = repo + "-planted";
        for (String tag : List.of(project.read("VERSION").strip(), "sha-" + project.head().substring(0, 7), "latest")) {
            assertThat(RegistryContent.tag(registry, planted, tag).state()).as(tag).isEqualTo("ABSENT");
        }
        assertThat(registry.tagsJson(planted)).as("the planted repository's tag list").isEmpty();
        // Preflight's push probe (an upload started and cancelled) may leave _uploads; no layer, no manifest came.
        Path stored = registry.storage().resolve("docker/registry/v2/repositories").resolve(planted);
        assertThat(stored.resolve("_layers")).doesNotExist();
        assertThat(stored.resolve("_manifests")).doesNotExist();
        assertNothingLeftInTmp();
    }

    private static void assertNothingLeftInTmp() throws IOException {
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).as("temporary files left behind").isEmpty();
        }
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
