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
        assertThat(doctor.stdout()).contains("registry tok", "user " + WRITER + " from PPCTL_TOK_PASSWORD, accepted");

        for (CliResult r : List.of(first, taken, second, back, doctor)) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(writerPassword).doesNotContain("eyJ");
        }
        assertThat(proxy.authorizations()).isNotEmpty().noneMatch(a -> a.endsWith(" basic"));
        assertThat(proxy.authorizations()).anyMatch(a -> a.startsWith("daemon ") && a.endsWith(" bearer"))
                .anyMatch(a -> a.startsWith("ppctl ") && a.endsWith(" bearer"));
        assertThat(tokens.requests()).anyMatch(t -> t.who().equals("daemon") && t.scheme().equals("basic"))
                .anyMatch(t -> t.who().equals("ppctl") && t.scheme().equals("basic"))
                .allMatch(t -> t.path().equals("/token") && t.status() == 200 && WRITER.equals(t.user()));
    }

    @Test
    void aPushToARepositoryTheAccountMayOnlyReadIsExitThreeNamingTheScope() {
        project = project("v1.0.0", "read-only");
        CliResult push = run(as(READER, readerPassword), "-C", project.dir().toString(), "push", "--image", imageA);
        System.out.println("PUSH " + push);
        CliResult writer = run(as(WRITER, writerPassword), "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(writer.exitCode()).as(writer.toString()).isZero();
        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        assertThat(run(as(WRITER, writerPassword), "-C", project.dir().toString(), "push", "--image", imageB).exitCode()).isZero();
        CliResult back = run(as(READER, readerPassword), "-C", project.dir().toString(), "rollback", "v1.0.0");
        System.out.println("BACK " + back);
        System.out.println(tokens.requests());
    }

    @Test
    void anonymousPullTokensAnswerTheAlreadyPublishedCheckOfAPublicRepository() {
        project = project("v1.0.0", "public-anon");
        assertThat(run(as(WRITER, writerPassword), "-C", project.dir().toString(), "push", "--image", imageA).exitCode()).isZero();
        Map<String, String> anonymous = env(dockerConfig, Map.of());
        CliResult again = run(anonymous, "-C", project.dir().toString(), "push", "--image", imageB);
        System.out.println("AGAIN " + again);
        CliResult dry = run(anonymous, "-C", project.dir().toString(), "rollback", "v1.0.0", "--dry-run");
        System.out.println("DRY " + dry);
        CliResult doctor = run(anonymous, "-C", project.dir().toString(), "doctor");
        System.out.println("DOCTOR " + doctor);
        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        CliResult fresh = run(anonymous, "-C", project.dir().toString(), "push", "--image", imageB);
        System.out.println("FRESH " + fresh);
        System.out.println(tokens.requests());
    }
}
