package io.ppctl.cli;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** --platform and image.platforms: bad values are one line and exit 2 before anything touches Docker. */
class PlatformOptionTest {
    private final TestProject project = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
            .write("Dockerfile", "FROM scratch\n").commit("init");

    @AfterEach
    void remove() {
        project.close();
    }

    private CliResult ppctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = project.dir().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        // No daemon is needed to refuse these: point at one that does not exist, so a refusal that came too late shows.
        return Cli.run(Map.of("DOCKER_HOST", "unix://" + project.dir().resolve("no-daemon.sock")), all);
    }

    @Test
    void anUnknownPlatformIsExitTwoNamingIt() {
        CliResult build = ppctl("build", "--platform", "linux/amd64,linux/sparc");
        assertThat(build.exitCode()).as(build.toString()).isEqualTo(2);
        assertThat(build.stderr().strip()).isEqualTo("ppctl: --platform: 'linux/sparc': unknown architecture sparc "
                + "(one of 386, amd64, arm, arm64, loong64, mips64le, ppc64le, riscv64, s390x)");

        CliResult release = ppctl("release", "--no-push", "--platform", "darwin/arm64");
        assertThat(release.exitCode()).as(release.toString()).isEqualTo(2);
        assertThat(release.stderr()).contains("'darwin/arm64': ppctl builds Linux images only").hasLineCount(1);

        CliResult twice = ppctl("build", "--platform", "linux/arm64", "--platform", "linux/aarch64");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.stderr()).contains("linux/arm64 is named twice");
    }

    @Test
    void aBadPlatformInTheConfigIsExitTwoWithItsPosition() {
        project.write("ppctl.yaml", "image:\n  platforms: [linux/amd64, arm64]\n");
        CliResult build = ppctl("build");
        assertThat(build.exitCode()).as(build.toString()).isEqualTo(2);
        assertThat(build.stderr()).contains("ppctl.yaml:2:28: image.platforms[1]: 'arm64' is not a platform");
    }
}
