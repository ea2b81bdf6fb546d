package io.ppctl.push;

import io.ppctl.testing.CliResult;
import io.ppctl.testing.Engine;
import io.ppctl.testing.FaultProxy;
import io.ppctl.testing.FaultProxy.From;
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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.ppctl.push.RegistryFixture.env;
import static io.ppctl.push.RegistryFixture.path;
import static io.ppctl.push.RegistryFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppctl push when the registry misbehaves: killed mid-push, answering 500 or 429 (to the daemon's uploads and to
 * ppctl's own Registry API calls, through {@link FaultProxy} in front of a real registry), a password that stops
 * working mid-push. Transient faults are retried as push: says (3 attempts, 200 ms doubled up to 1 s here), then exit
 * 3; authentication is never retried. After every fault the registry holds each tag completely or not at all (API and
 * disk, {@link RegistryContent}), and a rerun completes.
 */
class RegistryFaultsIT {
    private static final List<String> FIGURES = new ArrayList<>();
    private static TestRegistry registry;
    private static FaultProxy proxy;
    private static String image;
    private TestProject project;
    private Path dockerConfig;
    private String repo;

    @BeforeAll
    static void startTheRegistryAndItsProxy() {
        registry = TestRegistry.start(RegistryFixture.password());
        proxy = FaultProxy.start(registry.host());
        image = RegistryFixture.image("faults", 256 * 1024);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        registry.close();
        TestDocker.cleanup();
        FIGURES.forEach(f -> System.out.println("RegistryFaultsIT: " + f));
    }

    @BeforeEach
    void dockerConfig() {
        dockerConfig = TestDocker.tempDir("ppctl-docker-config");
    }

    @AfterEach
    void remove() {
        proxy.reset();
        if (project != null) {
            project.close();
        }
        TestProject.deleteTree(dockerConfig);
    }

    /** A project at v1.0.0 pushing to registry "flaky" at {@code host}, under this run's path {@code name}. */
    private void project(String name, String host) {
        repo = path(name);
        project = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
                .write("ppctl.yaml", "registries:\n  - {name: flaky, repository: \"" + host + "/" + repo + "\"}\n"
                        + "push: {attempts: 3, initialBackoff: 200ms, maxBackoff: 1s}\n")
                .commit("release v1.0.0");
    }

    private List<String> tags() {
        return List.of("v1.0.0", "sha-" + project.head().substring(0, 7), "latest");
    }

    private Map<String, String> credentials(TestRegistry r) {
        return env(dockerConfig, Map.of("PPCTL_FLAKY_USERNAME", TestRegistry.USER, "PPCTL_FLAKY_PASSWORD", r.password()));
    }

    private CliResult push(TestRegistry r, String pushed, Consumer<String> onStderr) {
        OutputStream tap = new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    onStderr.accept(line.toString());
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
        };
        return run(credentials(r), "", tap, "-C", project.dir().toString(), "push", "--image", pushed, "-v");
    }

    private CliResult push(TestRegistry r) {
        return push(r, image, l -> { });
    }

    /** Each tag is either complete (manifest and every blob, by API and on disk) or absent. */
    private List<RegistryContent.TagState> assertCompleteOrAbsent(TestRegistry r) {
        List<RegistryContent.TagState> states = tags().stream().map(t -> RegistryContent.tag(r, repo, t)).toList();
        assertThat(states).as("the registry after the fault").allMatch(RegistryContent.TagState::completeOrAbsent);
        return states;
    }

    private void assertARerunCompletes(TestRegistry r, String pushed) {
        CliResult again = run(credentials(r), "-C", project.dir().toString(), "push", "--image", pushed);
        assertThat(again.exitCode()).as("the rerun: " + again).isZero();
        RegistryContent.release(r, repo, tags());
    }

    private static void assertNoSecret(CliResult r, String... secrets) {
        for (String s : secrets) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(s);
        }
    }

    /**
     * The registry is killed when the daemon sends its first blob data (PATCH, or containerd's single PUT), by a
     * proxy in front of it that from then on closes connections as the dead registry's own would be: every engine
     * is caught in the middle of its upload, whether or not its push stream reports layers (Podman's does not).
     */
    @Test
    void aRegistryKilledMidPushIsRetriedThenExitThreeLeavingEachTagCompleteOrAbsentAndTheRerunCompletes() throws Exception {
        try (TestRegistry killed = TestRegistry.start(RegistryFixture.password());
             FaultProxy front = FaultProxy.start(killed.host())) {
            String big = RegistryFixture.image("push-big", 24 * 1024 * 1024);
            project("killed", front.host());
            long[] killedAt = {0};
            front.closeConnectionsWhileDown().onFirst(From.DAEMON, "PATCH|PUT", "/blobs/uploads/.+", () -> {
                killedAt[0] = System.nanoTime();
                killed.stop(true);
            });
            long start = System.nanoTime();
            CliResult r = push(killed, big, line -> { });
            long end = System.nanoTime();
            assertThat(killedAt[0]).as("the registry was killed during an upload\n" + front.log()).isPositive();
            assertThat(r.exitCode()).as(r + "\n" + front.log()).isEqualTo(3);
            assertThat(r.stderr()).contains("retry 2 of 3", "retry 3 of 3");
            // The daemon uploads under the sha- carrier tag; the version tag would only be put on it afterwards.
            assertThat(r.stderrLines()).last().asString().startsWith("ppctl: pushing " + front.host() + "/" + repo
                    + ":sha-").contains(" to flaky (" + front.host() + ") failed after 3 attempts");
            assertThat(Duration.ofNanos(end - start)).as("the daemon's own 50 s of retries are cut short").isLessThan(Duration.ofSeconds(30));
            FIGURES.add("registry killed mid-upload: exit 3 " + Duration.ofNanos(end - killedAt[0]).toMillis() + " ms after the kill (3 attempts)");

            killed.restart();
            List<RegistryContent.TagState> states = assertCompleteOrAbsent(killed);
            assertThat(states).as("nothing of v1.0.0 was complete when the registry died").allMatch(s -> s.state().equals("ABSENT"));
            assertARerunCompletes(killed, big);
            assertNoSecret(r, killed.password());
        }
    }

    @Test
    void theDaemonsUploadsAnswering500AreRetriedThenExitThreeWithNothingPublishedAndTheRerunCompletes() {
        project("upload-500", proxy.host());
        proxy.fail(From.DAEMON, "POST", "/blobs/uploads/$", 500, null, 1000);
        long start = System.nanoTime();
        CliResult r = push(registry);
        long took = System.nanoTime() - start;
        assertThat(r.exitCode()).as(r + "\n" + proxy.log()).isEqualTo(3);
        assertThat(r.stderr()).contains("retry 2 of 3", "retry 3 of 3");
        assertThat(r.stderrLines()).last().asString().contains("failed after 3 attempts");
        assertThat(proxy.injected()).isGreaterThanOrEqualTo(3);
        FIGURES.add("daemon's uploads answered 500: exit 3 after " + Duration.ofNanos(took).toMillis() + " ms, " + proxy.injected()
                + " injected answers");
        assertThat(assertCompleteOrAbsent(registry)).allMatch(s -> s.state().equals("ABSENT"));

        proxy.heal();
        assertARerunCompletes(registry, image);
    }

    @Test
    void aManifestPutAnswering500TwiceIsRetriedAndThePushCompletes() {
        project("manifest-500", proxy.host());
        // Docker 29's containerd repeats a request answered 500 once itself (core/remotes/docker/resolver.go
        // retryRequest): each of ppctl's attempts then meets two 500s.
        int perAttempt = Engine.current().containerdStore() ? 2 : 1;
        // The daemon puts the manifest under the sha- carrier tag (ppctl then tags it v1.0.0 by digest).
        proxy.fail(From.DAEMON, "PUT", "/manifests/sha-[0-9a-f]+$", 500, null, 2 * perAttempt);
        CliResult r = push(registry);
        assertThat(r.exitCode()).as(r + "\n" + proxy.log()).isZero();
        assertThat(r.stderr()).as(proxy.log().toString()).contains("retry 2 of 3", "retry 3 of 3", "500");
        assertThat(proxy.log()).filteredOn(l -> l.endsWith("*")).hasSize(2 * perAttempt);
        // Every tag complete, one digest, the same manifest through crane (a second client) as through the Registry API.
        RegistryContent.release(registry, repo, tags());
    }

    @Test
    void ppctlsOwnRegistryCallsAnswering500AreRetried() {
        project("api-500", proxy.host());
        proxy.fail(From.PPCTL, "GET", "^/v2/$", 500, null, 1).fail(From.PPCTL, "HEAD", "/manifests/", 503, null, 2);
        CliResult r = push(registry);
        assertThat(r.exitCode()).as(r + "\n" + proxy.log()).isZero();
        assertThat(r.stderr()).contains("answered 500", "answered 503", "retry 2 of 3");
        assertThat(proxy.injected()).isEqualTo(3);
        // Every tag complete, one digest, the same manifest through crane (a second client) as through the Registry API.
        RegistryContent.release(registry, repo, tags());
    }

    @Test
    void a429WithRetryAfterIsWaitedForThenThePushCompletes() {
        project("retry-after", proxy.host());
        proxy.fail(From.PPCTL, "HEAD", "/manifests/v1\\.0\\.0$", 429, "1", 1)
                .fail(From.DAEMON, "PUT", "/manifests/sha-[0-9a-f]+$", 429, "1", 1);
        long start = System.nanoTime();
        CliResult r = push(registry);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.exitCode()).as(r + "\n" + proxy.log()).isZero();
        assertThat(r.stderr()).contains("answered 429", "retry 2 of 3 in 1.0s");
        assertThat(proxy.injected()).isEqualTo(2);
        assertThat(took).as("Retry-After: 1 was honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        // Every tag complete, one digest, the same manifest through crane (a second client) as through the Registry API.
        RegistryContent.release(registry, repo, tags());
    }

    @Test
    void a429AskingForALongerWaitThanMaxBackoffStopsAtOnceWithExitThreeAndNothingPublished() {
        project("retry-after-long", proxy.host());
        proxy.fail(From.PPCTL, "GET", "^/v2/$", 429, "120", 1);
        long start = System.nanoTime();
        CliResult r = push(registry);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).last().asString()
                .contains("the registry asks to wait 2m00s, longer than push.maxBackoff (1s)");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        FIGURES.add("429 with Retry-After: 120: exit 3 after " + took.toMillis() + " ms, without waiting");
        assertThat(assertCompleteOrAbsent(registry)).allMatch(s -> s.state().equals("ABSENT"));

        proxy.heal();
        assertARerunCompletes(registry, image);
    }

    @Test
    void aPasswordThatExpiresMidPushIsExitThreeWithoutRetriesAndTheRerunWithTheNewOneCompletes() throws Exception {
        try (TestRegistry expiring = TestRegistry.start(RegistryFixture.password())) {
            project("expired", expiring.host());
            String old = expiring.password();
            String renewed = RegistryFixture.password();
            // Right after the preflight accepted the old password, before the daemon pushes: the push is blocked in
            // this callback until the registry only accepts the new password.
            CliResult r = push(expiring, image, line -> {
                if (line.contains("pushing " + expiring.host()) && expiring.password().equals(old)) {
                    try {
                        expiring.changePassword(renewed);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            assertThat(expiring.password()).as("the password changed during the run").isEqualTo(renewed);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stderrLines()).last().asString().startsWith("ppctl: flaky (" + expiring.host() + ") refused the push of "
                    + expiring.host() + "/" + repo + ":sha-").contains(" by user ppctl from PPCTL_FLAKY_PASSWORD");
            assertThat(r.stderr()).as("authentication failures are not retried").doesNotContain("retry 2 of");
            assertNoSecret(r, old, renewed);
            assertThat(assertCompleteOrAbsent(expiring)).allMatch(s -> s.state().equals("ABSENT"));

            assertARerunCompletes(expiring, image);
        }
    }
}
