package io.ppctl.cli;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** smoke-test and integration-test refuse bad input with exit 2 before they touch Docker (the daemon here does not exist). */
class CheckCommandsTest {
    private static final Map<String, String> NO_DAEMON = Map.of("DOCKER_HOST", "unix:///nonexistent/ppctl-test.sock");
    private TestProject project;

    @BeforeEach
    void create() {
        project = TestProject.create().write("VERSION", "v1.0.0\n").write("Dockerfile", "FROM scratch\n");
    }

    @AfterEach
    void remove() {
        project.close();
    }

    private CliResult ppctl(String... args) {
        return Cli.inProject(project.dir(), NO_DAEMON, args);
    }

    @Test
    void aBadSmokeTestsConfigIsExitTwoWithItsPosition() {
        project.write("ppctl.yaml", "smokeTests:\n  commands:\n    - name: x\n      command: [x]\n      expectedOutput: [\"(unclosed\"]\n");
        CliResult r = ppctl("smoke-test", "--image", "anything:1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("ppctl.yaml:5:", "smokeTests.commands[0].expectedOutput[0]: invalid regular expression");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aJUnitPathThatIsAFolderIsRefused() {
        project.write("reports/.keep", "");
        CliResult r = ppctl("smoke-test", "--junit", project.path("reports").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--junit", "is a folder");
    }

    @Test
    void withoutABuildOrImageTheUserIsToldWhatToDo() {
        CliResult r = ppctl("smoke-test");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("no image to work on: run 'ppctl build' first, or name one with --image REF");
    }

    @Test
    void anIntegrationPathOfTheWrongFormIsABadConfig() {
        project.write("ppctl.yaml", "integrationTests:\n  - {name: a, chart: charts/app, policies: /repos/p/}\n");
        CliResult r = ppctl("integration-test", "--image", "anything:1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("integrationTests[0].chart: 'charts/app' must be an absolute path inside the image or start with ./");
    }

    @Test
    void helpShowsTheOptionsAndExamples() {
        CliResult smoke = Cli.run("smoke-test", "--help");
        assertThat(smoke.exitCode()).isZero();
        assertThat(smoke.stdout()).contains("--image=REF", "--junit=FILE", "ppctl smoke-test --image policy-platform:v1.2.0");
        assertThat(Cli.run("integration-test", "--help").stdout()).contains("--junit=FILE", "/workspace");
    }
}
