package io.ppctl.cli;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `ppctl build` and `ppctl tag` turning bad input away before any daemon is involved. */
class BuildTagCliTest {
    private static final Map<String, String> NO_DAEMON = Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock", "CI", "true");
    private final TestProject project = TestProject.git().write("VERSION", "v1.0.2\n").write(".gitignore", "target/\n")
            .write("Dockerfile", "FROM scratch\n");

    @AfterEach
    void remove() {
        project.close();
    }

    private CliResult ppctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = project.dir().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(NO_DAEMON, all);
    }

    @Test
    void invalidBuildInputIsOneLineAndExitTwo() {
        project.commit("init");
        assertThat(ppctl("build", "--build-arg", "=x").stderrLines()).containsExactly(
                "ppctl: --build-arg '=x': expected NAME=value (or NAME to take the value from the environment)");
        assertThat(ppctl("build", "--max-size", "huge").exitCode()).isEqualTo(2);
        project.delete("Dockerfile");
        CliResult r = ppctl("build");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).containsExactly("ppctl: image.dockerfile: no Dockerfile at " + project.path("Dockerfile"));
    }

    @Test
    void invalidTagsStopBuildAndTagBeforeAnything() {
        project.write("VERSION", "v1.0.2+build.5\n").write("ppctl.yaml", "tags: ['sha-{{sha}}', 'rel-{{version}}']\n").commit("init");
        CliResult tag = ppctl("tag");
        assertThat(tag.exitCode()).isEqualTo(2);
        assertThat(tag.stderrLines()).singleElement().asString()
                .startsWith("ppctl: ppctl.yaml: tags: 1 invalid for version v1.0.2+build.5: rel-{{version}} -> 'rel-v1.0.2+build.5'");
        assertThat(ppctl("build").stderrLines()).singleElement().asString().contains("v1.0.2+build.5 cannot name an image");
    }

    @Test
    void helpShowsOptionsAndExamples() {
        assertThat(Cli.run("build", "--help").stdout()).contains("--build-arg=NAME=VALUE", "--no-cache", "--pull", "--max-size=SIZE",
                "--target=STAGE", "Examples:", "Exit codes:");
        assertThat(Cli.run("tag", "--help").stdout()).contains("--image=REF", "latest", "Examples:");
    }
}
