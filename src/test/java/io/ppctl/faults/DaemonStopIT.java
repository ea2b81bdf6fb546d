package io.ppctl.faults;

import io.ppctl.testing.Cli;
import io.ppctl.testing.Engine;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker daemon goes away in the middle of a command: ppctl (the real process) ends with exit 3 and one error
 * line, without hanging, whether the daemon is stopped gracefully (SIGTERM: it closes its socket, stops its
 * containers, then exits) or killed (SIGKILL: the connection just breaks). The daemon is a private dockerd of this
 * test ({@link PrivateDaemon}); the shared one is checked before and after to work as it did.
 */
class DaemonStopIT {
    private static final List<String> FIGURES = new ArrayList<>();
    private static PrivateDaemon daemon;
    private TestProject project;
    private Path out;

    @BeforeAll
    static void startThePrivateDaemon() {
        if (!Engine.current().isDefaultDocker()) {
            return; // each test says why it is skipped
        }
        assertTheSharedDaemonWorks();
        daemon = PrivateDaemon.start();
        daemon.load(TestDocker.baseImage());
    }

    @AfterAll
    static void removeThePrivateDaemon() {
        try {
            if (daemon != null) {
                daemon.close();
                assertThat(daemon.remains()).as("what the private daemon left").isEmpty();
                assertTheSharedDaemonWorks();
            }
            FIGURES.forEach(f -> System.out.println("DaemonStopIT: " + f));
        } finally {
            TestDocker.cleanup();
        }
    }

    @BeforeEach
    void project() throws Exception {
        Engine.assumeDefaultDocker("it stops a private Docker 20.10 of its own, whatever DOCKER_HOST names: run on the Docker 20.10 tier");
        if (!daemon.running()) {
            daemon.restart();
        }
        project = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
                // The trap makes the step end at once on the daemon's SIGTERM (a shell as PID 1 ignores it otherwise).
                .write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nRUN echo started; trap 'exit 143' TERM; sleep 60 & wait $!\n")
                .write("ppctl.yaml", "image: {name: " + TestDocker.prefix() + "-daemon-stop}\nsmokeTests:\n  commands:\n"
                        + "    - {name: long, command: [sh, -c, \"echo started; sleep 60\"], timeout: 5m}\n")
                .commit("a build and a smoke check that take a minute");
        out = Files.createTempFile("ppctl-daemon-stop", ".txt");
    }

    @AfterEach
    void remove() throws Exception {
        if (project != null) {
            project.close();
            Files.deleteIfExists(out);
        }
    }

    @ParameterizedTest(name = "{0} while the daemon gets SIG{1}")
    @CsvSource({"build, TERM", "build, KILL", "smoke-test, TERM", "smoke-test, KILL"})
    void aDaemonThatGoesAwayMidCommandIsExitThreeWithoutHanging(String command, String signal) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        if (command.equals("smoke-test")) {
            args.addAll(List.of("--image", TestDocker.baseImage()));
        }
        Process ppctl = Cli.processBuilder(project.dir(), Map.of("DOCKER_HOST", daemon.host(), "CI", "1"), args.toArray(String[]::new))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            awaitOrFail(ppctl, command.equals("build") ? () -> read().contains("started") : DaemonStopIT::checkIsRunning);

            long signalled = System.nanoTime();
            daemon.stop(signal.equals("KILL"));
            long daemonGone = System.nanoTime();
            assertThat(ppctl.waitFor(60, TimeUnit.SECONDS)).as("ppctl still runs 60 s after the daemon went away:\n" + read()).isTrue();
            long exited = System.nanoTime();

            assertThat(ppctl.exitValue()).as(read()).isEqualTo(3);
            List<String> errors = read().lines().filter(l -> l.startsWith("ppctl:")).toList();
            assertThat(errors).as(read()).hasSize(1);
            assertThat(errors.get(0)).contains(command.equals("build") ? "build" : "running sh -c", "Docker daemon")
                    .contains("(start Docker (dockerd), or point DOCKER_HOST");
            assertThat(read()).doesNotContain("Exception", "\tat ");
            assertThat(Duration.ofNanos(exited - daemonGone)).as("time from the daemon's exit to ppctl's").isLessThan(Duration.ofSeconds(10));
            FIGURES.add(String.format("%s, SIG%s: exit 3 %d ms after the signal; the daemon's process took %d ms to end",
                    command, signal, millis(exited - signalled), millis(daemonGone - signalled)));
            assertThat(project.path("target/ppctl/last-build.json")).as("a failed build records nothing").doesNotExist();

            // What the dead daemon kept from ppctl (the check container), `ppctl clean` removes once it is back.
            daemon.restart();
            int cleaned = Cli.runJar(project.dir(), Map.of("DOCKER_HOST", daemon.host()), 60, "clean").exitCode();
            assertThat(cleaned).isZero();
            assertThat(daemon.docker("ps", "-aq", "--filter", "label=io.ppctl.managed=true")).as("ppctl containers left").isBlank();
        } finally {
            ppctl.destroyForcibly();
        }
    }

    private static boolean checkIsRunning() {
        String id = daemon.docker("ps", "-q", "--filter", "label=io.ppctl.purpose=smoke-test").trim();
        return !id.isEmpty() && daemon.docker("top", id).contains("sleep 60");
    }

    private void awaitOrFail(Process ppctl, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(ppctl.isAlive()).as("ppctl ended early:\n" + read()).isTrue();
            assertThat(System.nanoTime()).as("the command did not get going within 60 s:\n" + read()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String read() {
        try {
            return Files.readString(out);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The shared daemon keeps its docker0 bridge and runs containers. */
    private static void assertTheSharedDaemonWorks() {
        assertThat(TestDocker.tryDocker("run", "--rm", TestDocker.baseImage(), "true").exitCode()).as("docker run on the shared daemon").isZero();
        try {
            Process p = new ProcessBuilder("ip", "link", "show", "docker0").redirectErrorStream(true).start();
            assertThat(p.waitFor()).as("docker0 exists").isZero();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
