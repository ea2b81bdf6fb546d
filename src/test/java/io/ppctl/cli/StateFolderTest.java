package io.ppctl.cli;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row 21 of issue 15: a state folder ppctl cannot write stops build, the gates and release among the cheap checks.
 * Tests run as root here, whom a read-only mode does not stop: target/ppctl as a plain file is as unwritable.
 */
class StateFolderTest {
    private final TestProject project = TestProject.git().write("VERSION", "v1.0.0\n").write("Dockerfile", "FROM scratch\n")
            .write("target/ppctl", "not a folder\n").commit("init");

    @AfterEach
    void remove() {
        project.close();
    }

    @Test
    void anUnwritableStateFolderStopsEveryCommandBeforeAnythingExpensive() {
        for (String[] command : new String[][] {{"build"}, {"smoke-test", "--image", "sha256:" + "0".repeat(64)},
                {"scan", "--image", "sha256:" + "0".repeat(64)}, {"release", "--no-push"}}) {
            long start = System.nanoTime();
            String[] args = new String[command.length + 2];
            args[0] = "-C";
            args[1] = project.dir().toString();
            System.arraycopy(command, 0, args, 2, command.length);
            CliResult r = Cli.run(args);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r).isEqualTo(2);
            assertThat(r.stderr()).as(command[0]).contains("target/ppctl is not writable");
            assertThat(seconds).as(command[0] + " took").isLessThan(10);
        }
    }
}
