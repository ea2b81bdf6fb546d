package io.ppctl.consumers;

import io.ppctl.testing.EngineIndependent;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppctl consumers update and list against real git repositories (bare, reached by file://) holding a GitHub Actions
 * workflow, a Bitbucket pipeline, Helm values and a Dockerfile, and a real registry holding two real releases
 * (v1.2.3 and v1.3.0) whose digests the consumers must end up pinned to.
 */
@EngineIndependent
class ConsumersIT {
    private static final String BRANCH = "ppctl/policy-platform-v1.3.0";
    private static TestRegistry registry;
    private static Path dockerConfig;
    private static String repository;
    private static String oldDigest;
    private static String newDigest;
    private final List<ConsumerRepo> repos = new ArrayList<>();
    private TestProject project;
    private Map<String, String> env;

    @BeforeAll
    static void publishTwoReleases() throws Exception {
        registry = TestRegistry.start("pw-" + UUID.randomUUID());
        dockerConfig = TestDocker.tempDir("ppctl-consumers-docker");
        repository = registry.host() + "/" + TestDocker.prefix() + "/policy-platform";
        // What docker login writes, without docker login (it would use the machine's credential store).
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \""
                + java.util.Base64.getEncoder().encodeToString((TestRegistry.USER + ":" + registry.password()).getBytes()) + "\"}}}");
        oldDigest = push("v1.2.3");
        newDigest = push("v1.3.0");
        assertThat(oldDigest).isNotEqualTo(newDigest);
    }

    @AfterAll
    static void stop() {
        registry.close();
        TestProject.deleteTree(dockerConfig);
        TestDocker.cleanup();
    }

    @BeforeEach
    void environment() {
        env = new HashMap<>();
        env.put("DOCKER_CONFIG", TestDocker.tempDir("ppctl-consumers-empty").toString());
        env.put("PPCTL_LOCAL_USERNAME", TestRegistry.USER);
        env.put("PPCTL_LOCAL_PASSWORD", registry.password());
    }

    @AfterEach
    void remove() {
        repos.forEach(ConsumerRepo::close);
        if (project != null) {
            project.close();
        }
        TestProject.deleteTree(Path.of(env.get("DOCKER_CONFIG")));
    }

    /** A small image of its own (random payload), pushed as repository:tag with the docker CLI; returns the registry's digest. */
    private static String push(String tag) throws IOException {
        Path dir = TestDocker.tempDir("ppctl-consumers-image");
        try {
            byte[] payload = new byte[32 * 1024];
            new SecureRandom().nextBytes(payload);
            Files.write(dir.resolve("payload"), payload);
            Files.writeString(dir.resolve("Dockerfile"), "FROM " + TestDocker.baseImage() + "\nCOPY payload /payload\n");
            TestDocker.build(dir, repository + ":" + tag);
            dockerCli("push", "-q", repository + ":" + tag);
            return registry.digest(TestDocker.prefix() + "/policy-platform", tag).orElseThrow();
        } finally {
            TestProject.deleteTree(dir);
        }
    }

    private static void dockerCli(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("docker " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String workflow(String tag, String digest) {
        return """
                # Validate the manifests with the platform image.
                name: validate
                on:
                  pull_request:
                    paths: ["k8s/**"]
                jobs:
                  policies:
                    runs-on: ubuntu-latest
                    container:
                      image: %1$s:%2$s   # the release this pipeline trusts
                    steps:
                      - uses: actions/checkout@v4
                      - uses: docker://%1$s:%2$s@%3$s
                        with: {args: "kyverno apply /repos/security-policy --resource k8s/"}
                      - uses: docker://%1$s:1.2
                """.formatted(repository, tag, digest);
    }

    private String bitbucket(String tag, String digest) {
        return "image: " + repository + ":" + tag + "\r\n"
                + "pipelines:\r\n"
                + "  default:\r\n"
                + "    - step:\r\n"
                + "        name: policies\r\n"
                + "        image: " + repository + "@" + digest + "\r\n"
                + "        script:\r\n"
                + "          - pluto detect-files -d k8s/\r\n"
                + "    - step:\r\n"
                + "        image: " + repository + ":latest\r\n";
    }

    private String values(String tag) {
        return """
                # Helm values of the validation job
                validator:
                  image: "%s:%s"
                  resources: {limits: {cpu: 500m}}   # keep small
                """.formatted(repository, tag);
    }

    private String dockerfile(String digest) {
        return "FROM " + repository + "@" + digest + " AS policies\n\tRUN kyverno version\nCOPY k8s/ /work/\n";
    }

    private ConsumerRepo consumer(Map<String, String> files) {
        ConsumerRepo r = ConsumerRepo.create();
        r.write("k8s/deployment.yaml", "kind: Deployment\n").commit("initial");
        // A history deeper than the one commit ppctl fetches: the push from its shallow clone must still be accepted.
        files.forEach(r::write);
        r.commit("pipelines");
        repos.add(r);
        return r;
    }

    /** A consumer with every file kind, each file referencing the image in every form, on {@code tag}/{@code digest}. */
    private ConsumerRepo fullConsumer(String tag, String digest) {
        return consumer(Map.of(".github/workflows/validate.yml", workflow(tag, digest), "bitbucket-pipelines.yml",
                bitbucket(tag, digest), "charts/validator/values.yaml", values(tag), "Dockerfile", dockerfile(digest),
                "README.md", "Uses the policy platform image.\n"));
    }

    private static final String FILES = "files: ['.github/workflows/*.yml', bitbucket-pipelines.yml, 'charts/**/values*.yaml', "
            + "'**/Dockerfile', README.md, 'deploy/*.yaml']";

    /** The project at v1.3.0 with tags v1.2.3 and v1.3.0 and two commits in between; consumers given as name to URL. */
    private void project(Map<String, String> consumers) {
        StringBuilder yaml = new StringBuilder("registries:\n  - name: local\n    repository: " + repository + "\n"
                + "push: {attempts: 2, initialBackoff: 100ms, maxBackoff: 200ms}\nconsumers:\n");
        new java.util.TreeMap<>(consumers).forEach((name, url) -> yaml.append("  - name: ").append(name).append("\n    repo: ")
                .append(url).append("\n    ").append(FILES).append('\n'));
        project = TestProject.git().write("VERSION", "v1.2.3\n").write("ppctl.yaml", yaml.toString()).write(".gitignore", "target/\n")
                .commit("release v1.2.3");
        project.git("tag", "v1.2.3");
        project.write("policies/security-policy/host-path.yaml", "kind: ClusterPolicy\n").commit("Add the host-path policy");
        project.write("VERSION", "v1.3.0\n").commit("kyverno 1.15.2");
        project.git("tag", "v1.3.0");
    }

    private CliResult ppctl(String... args) {
        return Cli.inProject(project.dir(), env, args);
    }

    @Test
    void updatesEveryFormInEveryFileOnANewBranchSkipsOlderMajorsAndReportsTheRefusedPush() throws IOException {
        ConsumerRepo apps = fullConsumer("v1.2.3", oldDigest);
        ConsumerRepo legacy = consumer(Map.of("charts/validator/values.yaml", values("v0.9.0")));
        ConsumerRepo current = consumer(Map.of("Dockerfile", dockerfile(newDigest), "bitbucket-pipelines.yml", bitbucket("v1.3.0", newDigest)));
        ConsumerRepo locked = fullConsumer("v1.2.3", oldDigest).refusePushes("pushes to this repository need a review");
        List<String> appsBefore = apps.refs();
        List<String> lockedBefore = locked.refs();
        List<String> legacyBefore = legacy.refs();
        project(Map.of("apps", apps.url(), "legacy", legacy.url(), "current", current.url(), "locked", locked.url()));

        List<String> clonesBefore = temporaryClones();
        long started = System.nanoTime();
        CliResult r = ppctl("consumers", "update");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("consumers update of 4 consumers: " + millis + " ms");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).last().asString().startsWith("ppctl: 1 of 4 consumers not updated: locked: cannot push "
                + BRANCH + " to locked (" + locked.url() + "): ").contains("pushes to this repository need a review");
        assertThat(r.stdout()).contains("consumers -> policy-platform v1.3.0 (git tag)")
                .contains("apps: updated from v1.2.3")
                .contains("legacy: skipped: on v0.9.0, an older major version; v1.3.0 is a breaking release (--allow-major moves it)")
                .contains("current: up to date: already on v1.3.0")
                .contains("locked: failed");
        assertThat(r.stderr()).contains("consumer apps: 'deploy/*.yaml' matches no file on main").doesNotContain(registry.password());

        // Only the reference lines changed, in every form; README (no reference) untouched and not committed.
        assertThat(apps.git("diff", "--name-only", "main", BRANCH).lines().toList()).containsExactlyInAnyOrder(
                ".github/workflows/validate.yml", "bitbucket-pipelines.yml", "charts/validator/values.yaml", "Dockerfile");
        assertThat(apps.show(BRANCH, ".github/workflows/validate.yml")).isEqualTo(workflow("v1.3.0", newDigest));
        assertThat(apps.show(BRANCH, "bitbucket-pipelines.yml")).isEqualTo(bitbucket("v1.3.0", newDigest));
        assertThat(apps.show(BRANCH, "charts/validator/values.yaml")).isEqualTo(values("v1.3.0"));
        assertThat(apps.show(BRANCH, "Dockerfile")).isEqualTo(dockerfile(newDigest));
        assertThat(apps.show(BRANCH, "README.md")).isEqualTo("Uses the policy platform image.\n");
        assertThat(newDigest).isEqualTo(registry.digest(TestDocker.prefix() + "/policy-platform", "v1.3.0").orElseThrow());
        List<String> changedLines = apps.git("diff", "-U0", "main", BRANCH).lines()
                .filter(l -> (l.startsWith("+") || l.startsWith("-")) && !l.startsWith("+++") && !l.startsWith("---")).toList();
        assertThat(changedLines).hasSize(12).allMatch(l -> l.contains(repository));

        // One commit on the base, naming old and new version and the changes in between; the base is as it was.
        assertThat(apps.git("rev-list", "--count", "main.." + BRANCH).trim()).isEqualTo("1");
        assertThat(apps.git("log", "-1", "--format=%B", BRANCH)).startsWith("Update policy-platform from v1.2.3 to v1.3.0\n")
                .contains("- kyverno 1.15.2\n- Add the host-path policy\n");
        List<String> appsAfter = new ArrayList<>(apps.refs());
        appsAfter.removeIf(l -> l.startsWith("refs/heads/" + BRANCH + " "));
        assertThat(appsAfter).isEqualTo(appsBefore);

        assertThat(temporaryClones()).as("temporary clones are removed").isEqualTo(clonesBefore);

        // The others: nothing pushed at all.
        assertThat(locked.refs()).isEqualTo(lockedBefore);
        assertThat(legacy.refs()).isEqualTo(legacyBefore);
        assertThat(current.git("for-each-ref", "refs/heads/ppctl")).isEmpty();
        assertThat(legacy.git("for-each-ref", "refs/heads/ppctl")).isEmpty();

        // The same run again: the branch exists, so it is refused (exit 1) unless --force.
        locked.git("config", "core.hooksPath", "/nonexistent");
        CliResult again = ppctl("consumers", "update");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.stderr()).contains("apps: branch " + BRANCH + " exists in apps (" + apps.url() + ") already (--force replaces it)");
        assertThat(locked.git("for-each-ref", "refs/heads/" + BRANCH)).isNotEmpty();
        CliResult forced = ppctl("consumers", "update", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(apps.show(BRANCH, "Dockerfile")).isEqualTo(dockerfile(newDigest));
    }

    @Test
    void aDryRunPrintsTheDiffAndTouchesNothingAndAllowMajorMovesTheOlderMajor() {
        ConsumerRepo legacy = consumer(Map.of("charts/validator/values.yaml", values("v0.9.0"), "Dockerfile", dockerfile(oldDigest)));
        List<String> before = legacy.refs();
        project(Map.of("legacy", legacy.url()));

        CliResult dry = ppctl("consumers", "update", "v1.3.0", "--allow-major", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stdout()).contains("legacy: would update from v0.9.0, v1.2.3", "(not pushed)",
                "-  image: \"" + repository + ":v0.9.0\"", "+  image: \"" + repository + ":v1.3.0\"",
                "+FROM " + repository + "@" + newDigest + " AS policies");
        assertThat(legacy.refs()).isEqualTo(before);

        CliResult json = ppctl("--output", "json", "consumers", "update", "--allow-major");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.stdout()).contains("\"status\" : \"updated\"", "\"branch\" : \"" + BRANCH + "\"");
        assertThat(legacy.show(BRANCH, "charts/validator/values.yaml")).isEqualTo(values("v1.3.0"));
    }

    /** The folders ConsumerClone makes in the temporary folder. */
    private static List<String> temporaryClones() throws IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ppctl-consumer-")).sorted().toList();
        }
    }

    @Test
    void theUsersGitSetupAppliesAndAGitHubRemoteGetsItsCompareUrl() throws Exception {
        ConsumerRepo apps = fullConsumer("v1.2.3", oldDigest);
        project(Map.of("apps", "https://github.com/acme/apps.git"));
        Map<String, String> processEnv = new HashMap<>(System.getenv());
        processEnv.putAll(env);
        // The user's own git setup (here an insteadOf rule in GIT_CONFIG_*): ppctl adds its remote after it, not over it.
        processEnv.put("GIT_CONFIG_COUNT", "1");
        processEnv.put("GIT_CONFIG_KEY_0", "url." + apps.url() + ".insteadOf");
        processEnv.put("GIT_CONFIG_VALUE_0", "https://github.com/acme/apps.git");
        CliResult r = Cli.runJar(project.dir(), processEnv, 120, "consumers", "update");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("  compare  https://github.com/acme/apps/compare/main..." + BRANCH + "?expand=1");
        assertThat(apps.show(BRANCH, "Dockerfile")).isEqualTo(dockerfile(newDigest));
    }

    @Test
    void listsWhatEachConsumerReferencesAndNamesOneThatCannotBeCloned() {
        ConsumerRepo apps = fullConsumer("v1.2.3", oldDigest);
        project(Map.of("apps", apps.url(), "gone", "file:///nonexistent/ppctl/consumer.git"));
        CliResult r = ppctl("consumers", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout()).contains("apps", "v1.2.3", "@" + oldDigest.substring(0, 19), "1.2 (moving)", "latest (moving)",
                "8 references");
        assertThat(r.stderrLines()).last().asString().startsWith("ppctl: cannot read gone: cannot clone gone (file:///nonexistent/ppctl/consumer.git)");

        CliResult update = ppctl("consumers", "update");
        assertThat(update.exitCode()).as(update.toString()).isEqualTo(3);
        assertThat(update.stdout()).contains("apps: updated");
        assertThat(apps.show(BRANCH, "Dockerfile")).isEqualTo(dockerfile(newDigest));
    }
}
