package io.ppctl.cli;

import io.ppctl.docker.Labels;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** ppctl clean removes what a killed ppctl left, and nothing that a running ppctl still uses. */
class CleanIT {

    @AfterAll
    static void cleanup() {
        TestDocker.cleanup();
    }

    private static String container(String pid) {
        return TestDocker.docker("create", "--label", TestDocker.RUN_LABEL + "=" + TestDocker.RUN_ID,
                "--label", Labels.MANAGED + "=true", "--label", Labels.SESSION + "=crashed-run",
                "--label", Labels.PURPOSE + "=smoke-test", "--label", Labels.HOST + "=" + Labels.hostName(),
                "--label", Labels.PID + "=" + pid, TestDocker.baseImage(), "sleep", "300").trim();
    }

    @Test
    void removesContainersWhoseProcessIsGoneAndKeepsLiveOnes() {
        String dead = container("2147483646");
        String live = container(String.valueOf(ProcessHandle.current().pid()));
        try (TestProject project = TestProject.create()) {
            CliResult dry = Cli.run("-C", project.dir().toString(), "clean", "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.stdout()).contains("would remove " + dead.substring(0, 12) + " (smoke-test): its ppctl process 2147483646 is gone")
                    .doesNotContain(live.substring(0, 12));
            assertThat(TestDocker.tryDocker("inspect", dead).exitCode()).isZero();

            CliResult real = Cli.run("-C", project.dir().toString(), "clean");
            assertThat(real.stdout()).contains("removed " + dead.substring(0, 12));
            assertThat(TestDocker.tryDocker("inspect", dead).exitCode()).isNotZero();
            assertThat(TestDocker.tryDocker("inspect", live).exitCode()).isZero();
        } finally {
            TestDocker.tryDocker("rm", "-f", dead, live);
        }
    }
}
