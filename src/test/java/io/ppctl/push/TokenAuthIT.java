package io.ppctl.push;

import io.ppctl.testing.CliResult;
import io.ppctl.testing.FaultProxy;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import io.ppctl.testing.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.ppctl.push.RegistryFixture.env;
import static io.ppctl.push.RegistryFixture.path;
import static io.ppctl.push.RegistryFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * push, the "already published" check, rollback and doctor against the real distribution v3 registry with
 * {@code auth: token}: it answers 401 with a Bearer challenge naming the test's token server, which signs ES256 JWTs
 * with per-repository scopes. A recording proxy in front of the registry shows what the registry itself receives.
 */
class TokenAuthIT {
    private static final String WRITER = "ci-bot";
    private static final String READER = "viewer";
    private static TokenServer tokens;
    private static TestRegistry registry;
    private static FaultProxy proxy;
    private static String writerPassword;
    private static String readerPassword;
    private static String imageA;
    private static String imageB;
    private TestProject project;
    private Path dockerConfig;

    @BeforeAll
    static void start() {
        writerPassword = RegistryFixture.password();
        readerPassword = RegistryFixture.password();
        tokens = TokenServer.start().user(WRITER, writerPassword).user(READER, readerPassword)
                .grant(WRITER, java.util.regex.Pattern.quote(TestDocker.prefix()) + "/.*", "pull", "push")
                .grant(READER, ".*", "pull")
                .grant(null, java.util.regex.Pattern.quote(TestDocker.prefix()) + "/public-.*", "pull");
        registry = TestRegistry.startWithTokens(tokens);
        proxy = FaultProxy.start(registry.host());
        imageA = RegistryFixture.image("token-a", 64 * 1024);
        imageB = RegistryFixture.image("token-b", 64 * 1024);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
        TestDocker.cleanup();
    }

    @BeforeEach
    void emptyDockerConfig() {
        dockerConfig = TestDocker.tempDir("ppctl-docker-config");
        proxy.reset();
        tokens.clearRequests();
    }

    @AfterEach
    void remove() {
        if (project != null) {
            project.close();
        }
        TestProject.deleteTree(dockerConfig);
    }

    /** A project whose one registry "tok" is the token registry behind the proxy, at path(repo). */
    private static TestProject project(String version, String repo) {
        return TestProject.git().write("VERSION", version + "\n")
                .write("ppctl.yaml", "registries:\n  - name: tok\n    repository: " + proxy.host() + "/" + path(repo) + "\n"
                        + "push:\n  attempts: 3\n  initialBackoff: 100ms\n  maxBackoff: 1s\n")
                .write(".gitignore", "target/\n").commit("release " + version);
    }

    private Map<String, String> as(String user, String password) {
        return env(dockerConfig, Map.of("PPCTL_TOK_USERNAME", user, "PPCTL_TOK_PASSWORD", password));
    }

    @Test
    void pushesChecksAndRollsBackWithBearerTokensAndTheRegistryNeverSeesTheBasicCredentials() {
        project = project("v1.0.0", "bearer");
        Map<String, String> env = as(WRITER, writerPassword);
        CliResult first = run(env, "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String v100 = registry.digest(path("bearer"), "v1.0.0").orElseThrow();
        assertThat(registry.digest(path("bearer"), "latest")).contains(v100);

        CliResult taken = run(env, "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(1);
        assertThat(taken.stderr()).contains("v1.0.0 already exists in tok with digest " + v100);

        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        CliResult second = run(env, "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(registry.digest(path("bearer"), "latest")).isNotEqualTo(registry.digest(path("bearer"), "v1.0.0"));

        CliResult back = run(env, "-C", project.dir().toString(), "rollback", "v1.0.0");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(registry.digest(path("bearer"), "latest")).contains(v100);

        CliResult doctor = run(env, "-C", project.dir().toString(), "doctor");
        assertThat(doctor.stdout()).contains("registry tok", "user " + WRITER + " from PPCTL_TOK_PASSWORD, accepted, may push");

        for (CliResult r : List.of(first, taken, second, back, doctor)) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(writerPassword).doesNotContain("eyJ");
        }
        assertThat(proxy.authorizations()).isNotEmpty().noneMatch(a -> a.endsWith(" basic"));
        assertThat(proxy.authorizations()).anyMatch(a -> a.startsWith("daemon ") && a.endsWith(" bearer"))
                .anyMatch(a -> a.startsWith("ppctl ") && a.endsWith(" bearer"));
        // The realm the registry named is another server (port) than the registry: it, and only it, gets the password.
        assertThat(tokens.port()).isNotEqualTo(registry.port());
        assertThat(tokens.requests()).anyMatch(t -> t.who().equals("daemon") && t.scheme().equals("basic"))
                .anyMatch(t -> t.who().equals("ppctl") && t.scheme().equals("basic"))
                .allMatch(t -> t.path().equals("/token") && t.status() == 200 && WRITER.equals(t.user()));
    }

    @Test
    void aPushOrRollbackByAnAccountThatMayOnlyReadIsExitThreeNamingTheScopeAndChangesNothing() {
        project = project("v1.0.0", "read-only");
        String scope = "repository:" + path("read-only") + ":pull,push";
        Map<String, String> reader = as(READER, readerPassword);
        CliResult push = run(reader, "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(push.exitCode()).as(push.toString()).isEqualTo(3);
        assertThat(push.stderrLines()).last().asString().contains("ppctl: tok (" + proxy.host() + ") does not let user " + READER
                + " from PPCTL_TOK_PASSWORD push to " + proxy.host() + "/" + path("read-only") + ": the scope " + scope
                + " was not granted (401: UNAUTHORIZED", "use an account that may push to");
        assertThat(registry.tagsJson(path("read-only"))).isEmpty();
        assertThat(proxy.authorizations()).as("found before the daemon uploaded anything").noneMatch(a -> a.startsWith("daemon "));

        Map<String, String> writer = as(WRITER, writerPassword);
        assertThat(run(writer, "-C", project.dir().toString(), "push", "--image", imageA).exitCode()).isZero();
        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        assertThat(run(writer, "-C", project.dir().toString(), "push", "--image", imageB).exitCode()).isZero();
        String latest = registry.digest(path("read-only"), "latest").orElseThrow();

        CliResult back = run(reader, "-C", project.dir().toString(), "rollback", "v1.0.0");
        assertThat(back.exitCode()).as(back.toString()).isEqualTo(3);
        assertThat(back.stderrLines()).last().asString().contains("does not let user " + READER + " from PPCTL_TOK_PASSWORD push to",
                "the scope " + scope + " was not granted");
        assertThat(registry.digest(path("read-only"), "latest")).contains(latest);

        CliResult doctor = run(reader, "-C", project.dir().toString(), "doctor");
        assertThat(doctor.stdout()).containsPattern("warn +registry tok +" + java.util.regex.Pattern.quote(proxy.host() + "/"
                + path("read-only") + ": user " + READER + " from PPCTL_TOK_PASSWORD, accepted, but ") + ".*the scope "
                + java.util.regex.Pattern.quote(scope) + " was not granted");
        assertThat(tokens.requests()).filteredOn(t -> READER.equals(t.user())).isNotEmpty().allMatch(t -> t.status() == 200);
    }

    @Test
    void anonymousPullTokensAnswerTheAlreadyPublishedCheckAndDryRunOfAPublicRepository() {
        project = project("v1.0.0", "public-anon");
        assertThat(run(as(WRITER, writerPassword), "-C", project.dir().toString(), "push", "--image", imageA).exitCode()).isZero();
        String v100 = registry.digest(path("public-anon"), "v1.0.0").orElseThrow();
        tokens.clearRequests();
        Map<String, String> anonymous = env(dockerConfig, Map.of());

        CliResult again = run(anonymous, "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.stderr()).contains("v1.0.0 already exists in tok with digest " + v100);

        CliResult dry = run(anonymous, "-C", project.dir().toString(), "rollback", "v1.0.0", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stderr()).contains(":latest already points at " + v100);

        CliResult doctor = run(anonymous, "-C", project.dir().toString(), "doctor");
        assertThat(doctor.stdout()).containsPattern("warn +registry tok +.*no credentials, the registry allows anonymous access");

        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        CliResult fresh = run(anonymous, "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(fresh.exitCode()).as(fresh.toString()).isEqualTo(3);
        assertThat(fresh.stderrLines()).last().asString().contains("tok (" + proxy.host() + ") requires credentials and none were found",
                "PPCTL_TOK_USERNAME");
        assertThat(registry.digest(path("public-anon"), "v1.1.0")).isEmpty();
        assertThat(tokens.requests()).isNotEmpty().allMatch(t -> t.scheme().equals("none") && t.status() == 200)
                .anyMatch(t -> t.scopes().contains("repository:" + path("public-anon") + ":pull"));

        try (TestProject other = project("v1.0.0", "private-anon")) {
            CliResult privateRepo = run(anonymous, "-C", other.dir().toString(), "push", "--image", imageA);
            assertThat(privateRepo.exitCode()).as(privateRepo.toString()).isEqualTo(3);
            assertThat(privateRepo.stderrLines()).last().asString().contains("requires credentials and none were found");
        }
    }
}
