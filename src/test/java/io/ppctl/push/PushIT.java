package io.ppctl.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.Engine;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ppctl.push.RegistryFixture.env;
import static io.ppctl.push.RegistryFixture.path;
import static io.ppctl.push.RegistryFixture.project;
import static io.ppctl.push.RegistryFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/** ppctl push against the real daemon and two real registries with htpasswd auth on 127.0.0.1. */
class PushIT {
    private static RegistryFixture.TwoRegistries registries;
    private static TestRegistry one;
    private static TestRegistry two;
    private static String imageA;
    private static String imageB;
    private TestProject project;
    private Path dockerConfig;

    @BeforeAll
    static void startRegistriesAndBuildImages() {
        registries = RegistryFixture.TwoRegistries.start("push");
        one = registries.one();
        two = registries.two();
        imageA = registries.imageA();
        imageB = registries.imageB();
    }

    @AfterAll
    static void stopAndClean() {
        registries.close();
    }

    @BeforeEach
    void emptyDockerConfig() {
        dockerConfig = TestDocker.tempDir("ppctl-docker-config");
    }

    @AfterEach
    void remove() {
        if (project != null) {
            project.close();
        }
        TestProject.deleteTree(dockerConfig);
    }

    private static Map<String, String> credentials(String... namesAndPasswords) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPasswords.length; i += 2) {
            String name = namesAndPasswords[i].toUpperCase(java.util.Locale.ROOT);
            env.put("PPCTL_" + name + "_USERNAME", TestRegistry.USER);
            env.put("PPCTL_" + name + "_PASSWORD", namesAndPasswords[i + 1]);
        }
        return env;
    }

    private Map<String, String> bothRegistries() {
        return env(dockerConfig, registries.credentials());
    }

    @Test
    void pushesEveryTagToBothRegistriesLatestLastAndPrintsWhatTheRegistriesServe() throws Exception {
        project = project("v1.0.0", "everything", Map.of("one", one, "two", two));
        String sha = "sha-" + project.head().substring(0, 7);
        CliResult r = run(bothRegistries(), "-C", project.dir().toString(), "push", "--image", imageA, "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();

        JsonNode tags = new ObjectMapper().readTree(r.stdout()).get("tags");
        List<String> pushed = new ArrayList<>();
        for (JsonNode t : tags) {
            String registry = t.get("registry").asText();
            TestRegistry reg = registry.equals("one") ? one : two;
            String reference = t.get("reference").asText();
            String tag = reference.substring(reference.lastIndexOf(':') + 1);
            assertThat(reference).isEqualTo(reg.host() + "/" + path("everything") + ":" + tag);
            assertThat(reg.digest(path("everything"), tag)).as(reference).contains(t.get("digest").asText());
            pushed.add(registry + " " + tag);
        }
        assertThat(pushed).containsExactly("one v1.0.0", "one " + sha, "one latest", "two v1.0.0", "two " + sha, "two latest");
        assertThat(tags.findValuesAsText("digest")).hasSize(6).allMatch(d -> d.equals(tags.get(0).get("digest").asText()));
        assertThat(RegistryFixture.missingBlobs(two, path("everything"), "latest")).isEmpty();
        // A second, independent client: every tag is there, one digest for all, the image's labels in its config.
        for (TestRegistry reg : List.of(one, two)) {
            RegistryContent.Release seen = RegistryContent.release(reg, path("everything"), List.of("v1.0.0", sha, "latest"));
            assertThat(seen.digest()).isEqualTo(tags.get(0).get("digest").asText());
            assertThat(seen.labels()).containsEntry(TestDocker.RUN_LABEL, TestDocker.RUN_ID);
        }
    }

    /** Row 3 of issue 15: version, release --dry-run and push make one decision about latest (a newer local release keeps it). */
    @Test
    void aNewerLocalReleaseKeepsLatestForVersionTheDryRunAndPush() throws Exception {
        project = project("v1.0.0", "moving", Map.of("one", one));
        project.write("Dockerfile", "FROM scratch\n").commit("dockerfile");
        String newer = one.host() + "/" + path("moving") + ":v9.0.0";
        TestDocker.docker("tag", imageA, newer);
        try {
            String dir = project.dir().toString();
            CliResult version = run(bothRegistries(), "-C", dir, "version", "--output", "json");
            assertThat(version.exitCode()).as(version.toString()).isZero();
            JsonNode latest = null;
            for (JsonNode t : new ObjectMapper().readTree(version.stdout()).get("tags")) {
                latest = t.get("name").asText().equals("latest") ? t : latest;
            }
            assertThat(latest.get("skipReason").asText()).contains("older than the released v9.0.0 (local image)");

            CliResult dry = run(bothRegistries(), "-C", dir, "release", "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.stdout()).contains("skips latest: v1.0.0 is older than the released v9.0.0");
            assertThat(dry.stdout()).doesNotContain(":latest");

            CliResult push = run(bothRegistries(), "-C", dir, "push", "--image", imageA);
            assertThat(push.exitCode()).as(push.toString()).isZero();
            assertThat(one.digest(path("moving"), "v1.0.0")).isPresent();
            assertThat(one.digest(path("moving"), "latest")).isEmpty();
            assertThat(push.stdout()).contains("@" + craneSees(one, "moving", "v1.0.0", sha(project)).digest());
        } finally {
            TestDocker.tryDocker("rmi", newer);
        }
    }

    /**
     * Row 7 of issue 15: two pushes of different images under one version, started together (both pass the
     * preflight check before either uploads). One wins; the other exits 1 and the version is never silently
     * replaced: the registry serves the digest of a push that exited 0, and no push that exited 0 lost its tag.
     */
    @Test
    void twoRacingPushesOfOneVersionLeaveOneWinnerAndTheLoserFails() throws Exception {
        String idA = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", imageA).strip();
        String idB = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", imageB).strip();
        List<Double> windows = new ArrayList<>();
        int rounds = 5;
        int bothSucceeded = 0;
        int retries = 0;
        for (int round = 0; round < rounds; round++) {
            String version = "v3.0." + round;
            String repo = "race-" + round + "-" + retries;
            TestProject a = project(version, repo, Map.of("one", one));
            // Another commit (two racers are two CI runs): their sha tags, the daemon's carriers, differ.
            TestProject b = project(version, repo, Map.of("one", one)).write("b.txt", "b\n").commit("another commit");
            try {
                io.ppctl.testing.Gates.passed(a.dir(), imageA);
                io.ppctl.testing.Gates.passed(b.dir(), imageB);
                Map<String, String> env = bothRegistries();
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                try {
                    var fa = pool.submit(() -> io.ppctl.testing.Cli.runJar(a.dir(), env, 120, "-v", "push", "--image", imageA));
                    var fb = pool.submit(() -> io.ppctl.testing.Cli.runJar(b.dir(), env, 120, "-v", "push", "--image", imageB));
                    CliResult ra = fa.get();
                    CliResult rb = fb.get();
                    if ((ra.exitCode() == 3 || rb.exitCode() == 3) && retries++ < 3) {
                        // The shared daemon did not answer in time (machine under load): that round raced nothing.
                        round--;
                        continue;
                    }
                    String served = one.digest(path(repo), version).orElseThrow(() -> new AssertionError("no " + version
                            + " served after\n" + ra + "\n" + rb));
                    assertThat(List.of(ra.exitCode(), rb.exitCode())).as(ra + "\n" + rb).containsAnyOf(0).allMatch(c -> c == 0 || c == 1);
                    for (CliResult r : List.of(ra, rb)) {
                        if (r.exitCode() == 1) {
                            assertThat(r.stderr()).containsAnyOf("by another push while this one uploaded", "lost a race",
                                    "already exists in one");
                        }
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("checked free and put in ([0-9.]+) ms").matcher(r.stderr());
                        while (m.find()) {
                            windows.add(Double.parseDouble(m.group(1)));
                        }
                    }
                    // The winner's image is what the registry serves under the version.
                    CliResult winner = ra.exitCode() == 0 ? ra : rb;
                    assertThat(winner.stdout()).contains(":" + version + "@" + served);
                    assertThat(servedImage(path(repo), version, served, idA, idB)).as("the image served as " + version)
                            .isEqualTo(winner == ra ? idA : idB);
                    if (ra.exitCode() == 0 && rb.exitCode() == 0) {
                        bothSucceeded++;
                    }
                    for (CliResult r : List.of(ra, rb)) {
                        if (r.exitCode() == 0) {
                            assertThat(r.stdout()).as("a push that exited 0 owns its version").contains(":" + version + "@" + served);
                        }
                    }
                    // crane, a second client, sees the winner's image under the version.
                    assertThat(craneSees(one, repo, version).digest()).isEqualTo(served);
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                a.close();
                b.close();
            }
        }
        windows.sort(null);
        System.out.println("race window (check -> put) ms over " + windows.size() + " version tags: " + windows
                + "; rounds where both pushes exited 0: " + bothSucceeded + "/" + rounds);
        assertThat(bothSucceeded).as("a push that exited 0 must still own its version").isZero();
    }

    /**
     * Which of {@code imageIds} the manifest served as {@code repository:tag} is, by the rule of
     * PushPreflight.isTheImage: on the containerd image store the image ID is the manifest's digest, on Docker's
     * classic store and on Podman (which pushes its OCI image converted, so its RepoDigests never name what it
     * pushed) it is the digest of the config the manifest names. Null when it is none of them.
     */
    private static String servedImage(String repository, String tag, String manifestDigest, String... imageIds) throws IOException {
        String config = new ObjectMapper().readTree(one.get("/v2/" + repository + "/manifests/" + tag, true).body())
                .path("config").path("digest").asText();
        for (String id : imageIds) {
            if (id.equals(manifestDigest) || id.equals(config)) {
                return id;
            }
        }
        return null;
    }

    @Test
    void printsOnePinnedReferencePerTagAndProgressOnStderr() {
        project = project("v2.0.0", "text", Map.of("one", one));
        CliResult r = run(bothRegistries(), "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String digest = one.digest(path("text"), "v2.0.0").orElseThrow();
        assertThat(RegistryContent.release(one, path("text"), List.of("v2.0.0", "sha-" + project.head().substring(0, 7), "latest")).digest())
                .isEqualTo(digest);
        assertThat(r.stdout().lines().toList()).hasSize(3).allMatch(l -> l.matches(
                java.util.regex.Pattern.quote(one.host() + "/" + path("text") + ":") + "[\\w.-]+@" + digest));
        assertThat(r.stdout().lines().toList().get(0)).isEqualTo(one.host() + "/" + path("text") + ":v2.0.0@" + digest);
        assertThat(r.stderr()).contains("==> push", "pushing " + one.host() + "/" + path("text") + ":v2.0.0")
                .doesNotContain("Exception");
        String note = "Podman reports a push per tag, not per layer: no upload progress until each tag is pushed";
        if (Engine.current().podman()) {
            // Podman's push stream has no per-layer progress (only "TAG: digest: ... size: N"): ppctl says so, once.
            assertThat(r.stderrLines()).filteredOn(l -> l.contains(note)).hasSize(1);
        } else {
            assertThat(r.stderr()).contains("layer").doesNotContain(note);
        }
    }

    @Test
    void aWrongPasswordForOneRegistryIsExitThreeAndNothingIsPushedAnywhere() {
        project = project("v1.0.0", "wrong-password", Map.of("one", one, "two", two));
        CliResult r = run(env(dockerConfig, credentials("one", one.password(), "two", "not-the-password")),
                "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("ppctl: two (" + two.host() + ") refused user ppctl from PPCTL_TWO_PASSWORD")
                .doesNotContain("not-the-password");
        assertThat(one.tagsJson(path("wrong-password"))).isEmpty();
        assertThat(two.tagsJson(path("wrong-password"))).isEmpty();
    }

    @Test
    void missingCredentialsAreExitThreeSayingHowToGiveThem() {
        project = project("v1.0.0", "no-credentials", Map.of("one", one));
        CliResult r = run(env(dockerConfig, Map.of()), "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).last().asString().contains("one (" + one.host() + ") requires credentials and none were found",
                "PPCTL_ONE_USERNAME", "PPCTL_ONE_PASSWORD", "--password-stdin", "docker login " + one.host());
        assertThat(one.tagsJson(path("no-credentials"))).isEmpty();
    }

    @Test
    void logsInThroughTheCredentialHelperOfDockerConfig() throws IOException {
        project = project("v1.0.0", "helper", Map.of("one", one));
        Path bin = dockerConfig.resolve("bin");
        Files.createDirectories(bin);
        Path helper = bin.resolve("docker-credential-ppctlit");
        Files.writeString(helper, String.join("\n", "#!/bin/sh",
                "[ \"$1\" = get ] || exit 2",
                "read -r url",
                "echo \"$url\" >> \"" + bin.resolve("asked") + "\"",
                "[ \"$url\" = \"" + one.host() + "\" ] || { echo 'credentials not found in native keychain'; exit 1; }",
                "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + TestRegistry.USER + "\",\"Secret\":\"%s\"}' \"$url\" \""
                        + one.password() + "\"", ""));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + one.host() + "\":{}},"
                + "\"credHelpers\":{\"" + one.host() + "\":\"ppctlit\"}}");
        Map<String, String> env = env(dockerConfig, Map.of("PATH", bin + ":" + System.getenv("PATH")));

        CliResult r = run(env, "-C", project.dir().toString(), "push", "--image", imageA, "-v");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("accepts user ppctl from credential helper ppctlit").doesNotContain(one.password());
        assertThat(Files.readAllLines(bin.resolve("asked"))).isNotEmpty().allMatch(l -> l.equals(one.host()));
        assertThat(one.digest(path("helper"), "latest")).isPresent();
        assertThat(r.stdout()).contains("@" + craneSees(one, "helper", "v1.0.0", sha(project), "latest").digest());

        CliResult doctor = run(env, "-C", project.dir().toString(), "doctor");
        assertThat(doctor.stdout()).contains("registry one", "user ppctl from credential helper ppctlit, accepted")
                .doesNotContain(one.password());
    }

    @Test
    void refusesToOverwriteAPublishedVersionAndLeavesTheRegistryUnchanged() {
        project = project("v1.0.0", "immutable", Map.of("one", one));
        assertThat(run(bothRegistries(), "-C", project.dir().toString(), "push", "--image", imageA).exitCode()).isZero();
        String published = one.digest(path("immutable"), "v1.0.0").orElseThrow();
        assertThat(craneSees(one, "immutable", "v1.0.0", sha(project), "latest").digest()).isEqualTo(published);
        String tagsBefore = one.tagsJson(path("immutable")).orElseThrow();

        CliResult again = run(bothRegistries(), "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(again.exitCode()).as("the same image again is no overwrite: " + again).isZero();

        CliResult r = run(bothRegistries(), "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("ppctl: v1.0.0 already exists in one with digest " + published
                + "; versions are immutable, bump VERSION");
        assertThat(one.digest(path("immutable"), "v1.0.0")).contains(published);
        assertThat(one.digest(path("immutable"), "latest")).contains(published);
        assertThat(one.tagsJson(path("immutable"))).contains(tagsBefore);
        assertThat(craneSees(one, "immutable", "v1.0.0", sha(project), "latest").digest()).as("unchanged for crane too").isEqualTo(published);

        CliResult overwrite = run(bothRegistries(), "-C", project.dir().toString(), "push", "--image", imageB, "--allow-overwrite");
        assertThat(overwrite.exitCode()).as(overwrite.toString()).isZero();
        assertThat(overwrite.stderr()).contains("overwriting v1.0.0 in one (was " + published + ")");
        String replaced = one.digest(path("immutable"), "v1.0.0").orElseThrow();
        assertThat(replaced).isNotEqualTo(published);
        assertThat(one.digest(path("immutable"), "latest")).contains(replaced);
        assertThat(craneSees(one, "immutable", "v1.0.0", sha(project), "latest").digest()).isEqualTo(replaced);
    }

    @Test
    void readsThePasswordFromStdinForTheChosenRegistry() {
        project = project("v1.0.0", "stdin", Map.of("one", one, "two", two));
        CliResult r = run(env(dockerConfig, Map.of()), one.password() + "\n", OutputStream.nullOutputStream(),
                "-C", project.dir().toString(), "push", "--image", imageA, "--registry", "one",
                "--username", TestRegistry.USER, "--password-stdin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(one.digest(path("stdin"), "v1.0.0")).isPresent();
        assertThat(r.stdout()).contains("@" + craneSees(one, "stdin", "v1.0.0", sha(project), "latest").digest());
        assertThat(two.tagsJson(path("stdin"))).as("only the chosen registry").isEmpty();

        CliResult ambiguous = run(env(dockerConfig, Map.of()), one.password(), OutputStream.nullOutputStream(),
                "-C", project.dir().toString(), "push", "--image", imageA, "--username", TestRegistry.USER, "--password-stdin");
        assertThat(ambiguous.exitCode()).isEqualTo(2);
        assertThat(ambiguous.stderr()).contains("choose it with --registry NAME");
    }

    @Test
    void anUnknownRegistryNameIsExitTwo() {
        project = project("v1.0.0", "unknown", Map.of("one", one));
        CliResult r = run(bothRegistries(), "-C", project.dir().toString(), "push", "--image", imageA, "--registry", "ghcr");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).containsExactly("ppctl: unknown registry 'ghcr'; configured: one");
    }

    @Test
    void doctorSaysWhereCredentialsComeFromAndExitsThreeWhenARegistryRefusesThem() {
        project = project("v1.0.0", "doctor", Map.of("one", one, "two", two));
        CliResult r = run(env(dockerConfig, credentials("one", one.password(), "two", "stale-password")),
                "-C", project.dir().toString(), "doctor");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout()).contains("registry one", "user ppctl from PPCTL_ONE_PASSWORD, accepted")
                .contains("registry two", "refused user ppctl from PPCTL_TWO_PASSWORD")
                .doesNotContain(one.password()).doesNotContain("stale-password");
    }

    /** Run as a real process, so that the process list can be sampled while it pushes. */
    @Test
    void thePasswordNeverAppearsInOutputFilesOrTheProcessList() throws Exception {
        String secret = one.password();
        String big = RegistryFixture.image("push-secret", 8 * 1024 * 1024);
        project = project("v1.0.0", "secret", Map.of("one", one));
        Path out = dockerConfig.resolve("out.txt");
        Path err = dockerConfig.resolve("err.txt");
        Map<String, String> extra = new LinkedHashMap<>(credentials("one", secret));
        extra.put("DOCKER_CONFIG", dockerConfig.toString());
        io.ppctl.testing.Gates.passed(project.dir(), big);
        Process p = io.ppctl.testing.Cli.processBuilder(project.dir(), extra, "push", "--image", big, "-v", "--output", "json")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int samplesWhilePushing = 0;
        List<String> leaks = new ArrayList<>();
        while (p.isAlive()) {
            boolean pushing = Files.readString(err).contains("pushing ");
            leaks.addAll(processesMentioning(secret));
            samplesWhilePushing += pushing ? 1 : 0;
            Thread.sleep(10);
        }
        assertThat(p.waitFor()).as(Files.readString(err)).isZero();
        assertThat(samplesWhilePushing).as("process list samples taken while the daemon pushed").isGreaterThan(3);
        assertThat(leaks).isEmpty();
        assertThat(Files.readString(out)).contains("\"digest\"").doesNotContain(secret);
        assertThat(Files.readString(out)).contains(craneSees(one, "secret", "v1.0.0", sha(project), "latest").digest());
        assertThat(Files.readString(err)).contains("pushing").doesNotContain(secret);
        try (var files = Files.walk(project.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }
    }

    /**
     * The release as crane, a second client, sees it: every tag complete (Registry API, storage, crane), one digest for
     * all of them, and the pushed image's labels in its config.
     */
    private static RegistryContent.Release craneSees(TestRegistry registry, String repo, String... tags) {
        RegistryContent.Release seen = RegistryContent.release(registry, path(repo), List.of(tags));
        assertThat(seen.labels()).as(repo + " labels seen by crane").containsEntry(TestDocker.RUN_LABEL, TestDocker.RUN_ID);
        return seen;
    }

    private static String sha(TestProject project) {
        return "sha-" + project.head().substring(0, 7);
    }

    /** Command lines (from /proc) of every process that shows the secret. */
    private static List<String> processesMentioning(String secret) {
        List<String> found = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(secret)) {
                        found.add(proc.getFileName() + ": " + cmdline.replace('\0', ' '));
                    }
                } catch (IOException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }
}
