package io.ppctl.push;

import io.ppctl.testing.CliResult;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ppctl.push.RegistryFixture.env;
import static io.ppctl.push.RegistryFixture.path;
import static io.ppctl.push.RegistryFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/** ppctl rollback against two real registries: latest goes back to an older version's digest, by the Registry API alone. */
class RollbackIT {
    private static RegistryFixture.TwoRegistries registries;
    private static TestRegistry one;
    private static TestRegistry two;
    private TestProject project;
    private Path dockerConfig;
    private Map<String, String> env;

    @BeforeAll
    static void startRegistriesAndBuildImages() {
        registries = RegistryFixture.TwoRegistries.start("rollback");
        one = registries.one();
        two = registries.two();
    }

    @AfterAll
    static void stopAndClean() {
        registries.close();
    }

    @BeforeEach
    void credentials() {
        dockerConfig = TestDocker.tempDir("ppctl-docker-config");
        env = env(dockerConfig, registries.credentials());
    }

    @AfterEach
    void remove() {
        project.close();
        TestProject.deleteTree(dockerConfig);
    }

    /** Pushes imageA as v1.0.0 and imageB as v1.1.0 (which takes latest) to the registries named. */
    private void publishTwoVersions(String repo, List<String> v100Registries) {
        project = RegistryFixture.project("v1.0.0", repo, Map.of("one", one, "two", two));
        List<String> args = new java.util.ArrayList<>(List.of("-C", project.dir().toString(), "push", "--image", registries.imageA()));
        v100Registries.forEach(r -> args.addAll(List.of("--registry", r)));
        CliResult first = run(env, args.toArray(String[]::new));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        CliResult second = run(env, "-C", project.dir().toString(), "push", "--image", registries.imageB());
        assertThat(second.exitCode()).as(second.toString()).isZero();
    }

    private Map<String, String> latest(String repo) {
        Map<String, String> m = new HashMap<>();
        m.put("one", one.digest(path(repo), "latest").orElse(null));
        m.put("two", two.digest(path(repo), "latest").orElse(null));
        return m;
    }

    @Test
    void pointsLatestBackAtTheVersionInEveryRegistryWithoutTheDockerDaemon() throws Exception {
        publishTwoVersions("back", List.of());
        String v100 = one.digest(path("back"), "v1.0.0").orElseThrow();
        String v110 = one.digest(path("back"), "v1.1.0").orElseThrow();
        assertThat(latest("back")).containsValues(v110, v110);

        Map<String, String> noDaemon = new HashMap<>(env);
        noDaemon.put("DOCKER_HOST", "unix:///nonexistent/docker.sock");
        CliResult r = run(noDaemon, "-C", project.dir().toString(), "rollback", "v1.0.0");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(
                one.host() + "/" + path("back") + ":latest@" + v100,
                two.host() + "/" + path("back") + ":latest@" + v100);
        assertThat(latest("back")).containsValues(v100, v100);
        assertThat(two.digest(path("back"), "v1.1.0")).contains(v110);
        assertThat(one.digest(path("back"), "v1.1.0")).contains(v110);
        assertThat(RegistryFixture.missingBlobs(two, path("back"), "latest")).isEmpty();
        assertThat(r.stderr()).contains("(was " + v110 + ")");
        // crane, independent of ppctl's client: latest and v1.0.0 are one manifest again, v1.1.0 is untouched.
        for (TestRegistry reg : List.of(one, two)) {
            assertThat(RegistryContent.release(reg, path("back"), List.of("v1.0.0", "latest")).digest()).isEqualTo(v100);
            assertThat(RegistryContent.release(reg, path("back"), List.of("v1.1.0")).digest()).isEqualTo(v110);
        }
    }

    @Test
    void refusesAnUnknownVersionAndChangesNothing() {
        publishTwoVersions("unknown", List.of());
        Map<String, String> before = latest("unknown");
        CliResult r = run(env, "-C", project.dir().toString(), "rollback", "v0.9.0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderrLines()).last().asString().startsWith("ppctl: v0.9.0 does not exist in one (" + one.host() + "/"
                + path("unknown") + "), two (" + two.host() + "/" + path("unknown") + "); nothing was changed");
        assertThat(latest("unknown")).isEqualTo(before);
    }

    @Test
    void movesNothingWhenOneRegistryLacksTheVersionButCanRollBackTheOthers() {
        publishTwoVersions("partial", List.of("one"));
        Map<String, String> before = latest("partial");
        CliResult r = run(env, "-C", project.dir().toString(), "rollback", "v1.0.0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("v1.0.0 does not exist in two (");
        assertThat(latest("partial")).isEqualTo(before);

        CliResult onlyOne = run(env, "-C", project.dir().toString(), "rollback", "v1.0.0", "--registry", "one");
        assertThat(onlyOne.exitCode()).as(onlyOne.toString()).isZero();
        assertThat(one.digest(path("partial"), "latest")).isEqualTo(one.digest(path("partial"), "v1.0.0"));
        assertThat(two.digest(path("partial"), "latest")).contains(before.get("two"));
    }

    @Test
    void aDryRunAndAWrongPasswordChangeNothing() {
        publishTwoVersions("dry", List.of());
        Map<String, String> before = latest("dry");
        CliResult dry = run(env, "-C", project.dir().toString(), "rollback", "v1.0.0", "--dry-run", "--output", "json");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stdout()).contains("\"dryRun\" : true", "\"changed\" : false");
        assertThat(latest("dry")).isEqualTo(before);

        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("PPCTL_TWO_PASSWORD", "expired");
        CliResult r = run(wrong, "-C", project.dir().toString(), "rollback", "v1.0.0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("two (" + two.host() + ") refused user ppctl from PPCTL_TWO_PASSWORD");
        assertThat(latest("dry")).isEqualTo(before);

        CliResult pre = run(env, "-C", project.dir().toString(), "rollback", "v1.1.0-rc.1");
        assertThat(pre.exitCode()).isEqualTo(1);
        assertThat(pre.stderr()).contains("pre-release");
    }
}
