package io.ppctl.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.Fixtures;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.StandinImage;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import io.ppctl.testing.TrivyDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppctl release end to end: the real daemon, two real registries with htpasswd auth, the stand-in policy platform
 * (kyverno/helm/pluto stand-ins) and the Trivy stand-in writing Trivy's own reports.
 */
class ReleaseIT {
    private static final String PASSWORD_ONE = "one-" + UUID.randomUUID();
    private static final String PASSWORD_TWO = "two-" + UUID.randomUUID();
    private static TestRegistry one;
    private static TestRegistry two;
    private static Path trivy;
    private TestProject project;
    private String repo;
    private static Path dockerConfig;

    @BeforeAll
    static void start() throws IOException {
        one = TestRegistry.start(PASSWORD_ONE);
        two = TestRegistry.start(PASSWORD_TWO);
        trivy = TestDocker.tempDir("ppctl-release-trivy");
        dockerConfig = TestDocker.tempDir("ppctl-release-docker-config");
        Files.writeString(trivy.resolve("trivy"), Fixtures.text("trivy/stand-in/trivy"));
        Files.setPosixFilePermissions(trivy.resolve("trivy"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(trivy.resolve("reports"));
        for (String report : List.of("alpine-39-skip", "debian-buster")) {
            try (InputStream in = ReleaseIT.class.getResourceAsStream("/fixtures/trivy/" + report + ".json")) {
                Files.copy(in, trivy.resolve("reports").resolve(report + ".json"));
            }
        }
        // skipDbUpdate needs a database in the cache, as with the real Trivy.
        TrivyDb.create().writeTo(trivy.resolve("cache"));
        StandinImage.ref();
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        TestProject.deleteTree(trivy);
        TestProject.deleteTree(dockerConfig);
        TestDocker.cleanup();
    }

    @AfterEach
    void remove() {
        if (project != null) {
            project.close();
        }
    }

    /** A git project releasing the stand-in platform; {@code scanReport} picks Trivy's report for its image. */
    private void project(String scanReport) {
        project(scanReport, "");
    }

    private void project(String scanReport, String extraYaml) {
        repo = TestDocker.prefix() + "/rel-" + UUID.randomUUID().toString().substring(0, 6);
        project = TestProject.git()
                .write("VERSION", "v1.0.0\n")
                .write(".gitignore", "target/\n")
                .write("Dockerfile", "FROM " + StandinImage.ref() + "\nLABEL trivy-stand-in.report=" + scanReport + "\n")
                .write("ppctl.yaml", String.join("\n",
                        "image: {name: " + repo.replace('/', '-') + "}",
                        "registries:",
                        "  - {name: one, repository: " + one.host() + "/" + repo + "}",
                        "  - {name: two, repository: " + two.host() + "/" + repo + "}",
                        "integrationTests:",
                        StandinImage.integrationCases(true),
                        "scan: {trivy: " + trivy.resolve("trivy") + ", skipDbUpdate: true, cacheDir: " + trivy.resolve("cache") + "}",
                        "push: {initialBackoff: 100ms, maxBackoff: 500ms}",
                        extraYaml))
                .commit("policy platform v1.0.0");
    }

    private static Map<String, String> credentials() {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_ONE_USERNAME", TestRegistry.USER);
        env.put("PPCTL_ONE_PASSWORD", PASSWORD_ONE);
        env.put("PPCTL_TWO_USERNAME", TestRegistry.USER);
        env.put("PPCTL_TWO_PASSWORD", PASSWORD_TWO);
        env.put("DOCKER_CONFIG", project_dockerConfig());
        return env;
    }

    /** An empty docker config, so nothing from the machine's own logins takes part; one per class, removed after it. */
    private static String project_dockerConfig() {
        return dockerConfig.toString();
    }

    private CliResult release(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "-C";
        all[1] = project.dir().toString();
        all[2] = "release";
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(credentials(), all);
    }

    private JsonNode report() throws IOException {
        return new ObjectMapper().readTree(project.path("target/ppctl/release-report.json").toFile());
    }

    @Test
    void releasesToTwoRegistriesWithEveryTagAndTheSameDigest() throws Exception {
        project("alpine-39-skip");
        String sha = "sha-" + project.head().substring(0, 7);
        CliResult r = release("--git-tag");
        assertThat(r.exitCode()).as(r.toString()).isZero();

        for (TestRegistry registry : List.of(one, two)) {
            String digest = registry.digest(repo, "v1.0.0").orElseThrow();
            assertThat(registry.digest(repo, sha)).contains(digest);
            assertThat(registry.digest(repo, "latest")).contains(digest);
            assertThat(r.stdout()).contains(registry.host() + "/" + repo + ":v1.0.0@" + digest);
            RegistryContent.Release seen = RegistryContent.release(registry, repo, List.of("v1.0.0", sha, "latest"));
            assertThat(seen.digest()).isEqualTo(digest);
            assertThat(seen.labels()).containsEntry("org.opencontainers.image.version", "v1.0.0")
                    .containsEntry("org.opencontainers.image.revision", project.head())
                    .containsEntry("trivy-stand-in.report", "alpine-39-skip");
        }
        JsonNode report = report();
        assertThat(report.get("status").asText()).isEqualTo("released");
        assertThat(report.get("version").asText()).isEqualTo("v1.0.0");
        assertThat(report.get("commit").asText()).isEqualTo(project.head());
        assertThat(report.get("pushed")).hasSize(6);
        assertThat(report.get("smokeTest").get("failed").asInt()).isZero();
        assertThat(report.get("integrationTest").get("passed").asInt()).isEqualTo(2);
        assertThat(report.get("scan").get("passed").asBoolean()).isTrue();
        assertThat(report.get("steps")).extracting(s -> s.get("name").asText())
                .containsExactly("build", "tag", "smoke-test", "integration-test", "scan", "push");
        assertThat(report.get("preflight")).extracting(c -> c.get("name").asText())
                .containsExactly("config", "state", "version", "git", "tags", "dockerfile", "policies", "registry names", "platforms",
                        "daemon", "registries");
        assertThat(report.get("gitTag").asText()).isEqualTo("v1.0.0");
        assertThat(project.git("tag", "--list").trim()).isEqualTo("v1.0.0");
        assertThat(project.git("cat-file", "-t", "v1.0.0").trim()).isEqualTo("tag");
        assertDescribesOneCommit("v1.0.0");
        assertThat(report.has("versionCommit")).isFalse();

        String everything = r.stdout() + r.stderr() + Files.readString(project.path("target/ppctl/release-report.json"));
        assertThat(everything).doesNotContain(PASSWORD_ONE).doesNotContain(PASSWORD_TWO);

        CliResult again = release();
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.stderr()).contains("v1.0.0 is already released");
    }

    /** Row 1 of issue 15: --bump commits VERSION first, so the git tag, the labels and the report name one commit. */
    @Test
    void bumpCommitsVersionSoTheGitTagTheLabelsAndTheReportNameOneCommit() throws Exception {
        project("alpine-39-skip");
        String before = project.head();
        CliResult r = release("--bump", "patch", "--git-tag");
        assertThat(r.exitCode()).as(r.toString()).isZero();

        String released = project.git("rev-parse", "v1.0.1^{commit}").trim();
        assertThat(project.head()).isEqualTo(released);
        assertThat(project.git("rev-parse", "HEAD^").trim()).isEqualTo(before);
        assertThat(project.git("show", "--name-only", "--format=", "HEAD").trim()).isEqualTo("VERSION");
        assertThat(project.git("status", "--porcelain").trim()).isEmpty();
        assertDescribesOneCommit("v1.0.1");
        for (TestRegistry registry : List.of(one, two)) {
            assertThat(registry.digest(repo, "sha-" + released.substring(0, 7))).isPresent();
            // crane, a second client: the bumped version's tags name one image, labelled with the version commit.
            RegistryContent.Release seen = RegistryContent.release(registry, repo, List.of("v1.0.1", "sha-" + released.substring(0, 7), "latest"));
            assertThat(seen.labels()).containsEntry("org.opencontainers.image.version", "v1.0.1")
                    .containsEntry("org.opencontainers.image.revision", released);
        }
        JsonNode report = report();
        assertThat(report.get("commit").asText()).isEqualTo(released);
        assertThat(report.get("versionCommit").asText()).isEqualTo(released);
        assertThat(report.get("dirty").asBoolean()).isFalse();
        assertThat(r.stdout()).contains("commit   " + released);
        assertThat(r.stderr()).contains("committed VERSION v1.0.1");

        CliResult next = release("--dry-run", "--bump", "patch");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.stdout()).contains("version   v1.0.2 (bumped from v1.0.1, not written)");
    }

    /** The git tag's VERSION is the image's version label, and the image's revision label is the tagged commit. */
    private void assertDescribesOneCommit(String version) {
        String tagged = project.git("rev-parse", version + "^{commit}").trim();
        assertThat(project.git("show", version + ":VERSION").trim()).isEqualTo(version);
        String image = repo.replace('/', '-') + ":" + version;
        assertThat(TestDocker.docker("image", "inspect", "--format",
                "{{index .Config.Labels \"org.opencontainers.image.version\"}}", image).trim()).isEqualTo(version);
        assertThat(TestDocker.docker("image", "inspect", "--format",
                "{{index .Config.Labels \"org.opencontainers.image.revision\"}}", image).trim()).isEqualTo(tagged);
    }

    @Test
    void updateConsumersPointsThemAtTheDigestsJustPushedOnABranch() throws Exception {
        String oldDigest = "sha256:" + "1".repeat(64);
        try (io.ppctl.consumers.ConsumerRepo consumer = io.ppctl.consumers.ConsumerRepo.create()) {
            project("alpine-39-skip", "consumers:\n  - {name: pipelines, repo: '" + consumer.url() + "', files: ['*.yml']}\n");
            String pipeline = "image: " + one.host() + "/" + repo + ":v1.0.3@" + oldDigest + "\n"
                    + "steps: [{image: '" + two.host() + "/" + repo + ":v1.0.3'}]  # mirror\n";
            consumer.write("bitbucket-pipelines.yml", pipeline).commit("pipeline");
            project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
            CliResult r = release("--update-consumers");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            String digest = one.digest(repo, "v1.1.0").orElseThrow();
            // crane, a second client: what the consumers now point at is the release in both registries.
            for (TestRegistry registry : List.of(one, two)) {
                RegistryContent.Release seen = RegistryContent.release(registry, repo, List.of("v1.1.0", "sha-" + project.head().substring(0, 7), "latest"));
                assertThat(seen.digest()).isEqualTo(digest);
                assertThat(seen.labels()).containsEntry("org.opencontainers.image.version", "v1.1.0");
            }
            String branch = "ppctl/" + repo.replace('/', '-') + "-v1.1.0";
            assertThat(r.stdout()).contains("released v1.1.0", "pipelines: updated from v1.0.3", branch + " (pushed; base main)");
            assertThat(consumer.show(branch, "bitbucket-pipelines.yml")).isEqualTo(pipeline
                    .replace(":v1.0.3@" + oldDigest, ":v1.1.0@" + digest).replace(":v1.0.3'", ":v1.1.0'"));
            assertThat(consumer.show("main", "bitbucket-pipelines.yml")).isEqualTo(pipeline);
        }
    }

    @Test
    void aCriticalFindingStopsTheReleaseBeforeAnythingIsPushed() throws Exception {
        project("debian-buster");
        CliResult r = release();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("FAILED at CRITICAL");
        assertThat(one.tagsJson(repo)).isEmpty();
        assertThat(two.tagsJson(repo)).isEmpty();
        JsonNode report = report();
        assertThat(report.get("status").asText()).isEqualTo("failed");
        assertThat(report.get("failure").get("step").asText()).isEqualTo("scan");
        assertThat(report.get("failure").get("exitCode").asInt()).isEqualTo(1);
        assertThat(TestDocker.ppctlContainers()).isEmpty();
    }

    @Test
    void aFailingSmokeTestStopsTheReleaseBeforeTheScanAndThePush() throws Exception {
        project("alpine-39-skip", String.join("\n",
                "smokeTests:",
                "  commands:",
                "    - name: kyverno is the pinned version",
                "      command: [kyverno, version]",
                "      expectedOutput: ['Version: 9\\.9\\.9']",
                ""));
        CliResult r = release();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(one.tagsJson(repo)).isEmpty();
        assertThat(two.tagsJson(repo)).isEmpty();
        JsonNode report = report();
        assertThat(report.get("failure").get("step").asText()).isEqualTo("smoke-test");
        assertThat(report.get("smokeTest").get("failedChecks").get(0).asText()).isEqualTo("kyverno is the pinned version");
        assertThat(report.get("steps")).extracting(s -> s.get("name").asText()).containsExactly("build", "tag", "smoke-test");
        assertThat(TestDocker.ppctlContainers()).isEmpty();
    }

    @Test
    void pushRefusesAnImageThatDidNotPassTheGates() {
        project("alpine-39-skip");
        CliResult build = Cli.run(credentials(), "-C", project.dir().toString(), "build");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        CliResult push = Cli.run(credentials(), "-C", project.dir().toString(), "push");
        assertThat(push.exitCode()).as(push.toString()).isEqualTo(1);
        assertThat(push.stderr()).contains("has not passed smoke-test (not run), integration-test (not run), scan (not run)");
        assertThat(one.tagsJson(repo)).isEmpty();
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        project("alpine-39-skip");
        List<String> files = project.snapshot();
        List<String> tags = TestDocker.runTags();
        CliResult r = release("--dry-run", "--bump", "minor");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("version   v1.1.0 (bumped from v1.0.0, not written)", "run   build", "run   push",
                one.host() + "/" + repo + ":v1.1.0");
        assertThat(project.snapshot()).isEqualTo(files);
        assertThat(TestDocker.runTags()).isEqualTo(tags);
        assertThat(one.tagsJson(repo)).isEmpty();
    }

    @Test
    void noPushWritesJUnitAndSarifAndPublishesNothing() throws Exception {
        project("alpine-39-skip");
        CliResult r = release("--no-push", "--junit-dir", project.path("out").toString(), "--sarif", project.path("out/scan.sarif").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(report().get("status").asText()).isEqualTo("built");
        assertThat(report().get("skipped").get(0).get("forced").asBoolean()).isTrue();
        assertThat(project.path("out/smoke-test.xml")).exists();
        assertThat(project.path("out/integration-test.xml")).exists();
        assertThat(project.path("out/scan.xml")).exists();
        assertThat(new ObjectMapper().readTree(project.path("out/scan.sarif").toFile()).get("version").asText()).isEqualTo("2.1.0");
        assertThat(one.tagsJson(repo)).isEmpty();
    }

    @Test
    void aDirtyTreeFailsThePreflightBeforeAnythingIsBuilt() throws Exception {
        project("alpine-39-skip");
        project.write("policies-notes.txt", "uncommitted\n");
        List<String> tags = TestDocker.runTags();
        CliResult r = release();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).contains("uncommitted change(s)", "--allow-dirty");
        assertThat(TestDocker.runTags()).isEqualTo(tags);
        JsonNode report = report();
        assertThat(report.get("failure").get("step").asText()).isEqualTo("preflight");
        assertThat(report.get("preflight")).extracting(c -> c.get("name").asText()).containsExactly("config", "state", "version", "git");
    }

    @Test
    void skippingAGateWhilePublishingIsRefused() {
        project("alpine-39-skip");
        CliResult r = release("--skip", "scan");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("would publish an image that did not pass scan");
        CliResult unknown = release("--skip", "lint");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("not a release step");
    }

    @Test
    void aWrongPasswordStopsThePreflightAndNothingIsBuilt() {
        project("alpine-39-skip");
        Map<String, String> env = credentials();
        env.put("PPCTL_TWO_PASSWORD", "not-the-password");
        List<String> tags = TestDocker.runTags();
        CliResult r = Cli.run(env, "-C", project.dir().toString(), "release");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("two");
        assertThat(TestDocker.runTags()).isEqualTo(tags);
        assertThat(r.stdout() + r.stderr()).doesNotContain("not-the-password");
    }
}
