package io.ppctl.docker;

import io.ppctl.core.Cleanup;
import io.ppctl.core.PpctlException;
import io.ppctl.testing.StandinImage;
import io.ppctl.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check container on the real daemon: many execs in one container, and a timed-out check really dies. */
class CheckContainerIT {
    private static DockerSession docker;

    @BeforeAll
    static void connect() {
        docker = DockerClientFactory.connect(System.getenv());
    }

    @AfterAll
    static void close() {
        Cleanup.global().runAll();
        docker.close();
        TestDocker.cleanup();
    }

    @Test
    void aTimedOutCheckAndEverythingItStartedIsKilled() {
        try (CheckContainer c = CheckContainer.start(docker, ContainerSpec.of(StandinImage.ref(), "test"), Duration.ofMinutes(2))) {
            ExecResult slow = c.run(List.of("sh", "-c", "sleep 41 & sleep 42; echo never"), Map.of(), Duration.ofMillis(800));
            assertThat(slow.timedOut()).isTrue();
            assertThat(slow.duration()).isLessThan(Duration.ofSeconds(5));
            ExecResult ps = c.run(List.of("ps", "-o", "pid,stat,args"), Map.of(), Duration.ofSeconds(10));
            List<String> alive = ps.stdout().lines().filter(l -> l.contains("sleep 4")).filter(l -> !l.matches("\\s*\\d+\\s+Z.*")).toList();
            assertThat(alive).as(ps.stdout()).isEmpty();
            ExecResult after = c.run(List.of("kyverno", "version"), Map.of(), Duration.ofSeconds(10));
            assertThat(after.exitCode()).isZero();
            assertThat(after.stdout()).startsWith("Version: 1.15.2");
        }
        assertThat(docker.containersWithLabel(Labels.SESSION, Labels.sessionId())).isEmpty();
    }

    @Test
    void checksSeeTheirEnvironmentAndRunAsTheImageUser() {
        try (CheckContainer c = CheckContainer.start(docker, ContainerSpec.of(StandinImage.ref(), "test"), Duration.ofMinutes(2))) {
            ExecResult r = c.run(List.of("sh", "-c", "echo $GREETING $(id -u) $(pwd)"), Map.of("GREETING", "hello"), Duration.ofSeconds(10));
            assertThat(r.stdout()).isEqualTo("hello 1000 /repos\n");
        }
    }

    @Test
    void anImageWithoutSleepIsRefusedClearly() throws Exception {
        Path dir = TestDocker.tempDir("ppctl-nosleep");
        try {
            Files.writeString(dir.resolve("data.txt"), "no executables here\n");
            Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY data.txt /data.txt\n");
            String tag = TestDocker.prefix() + "-nosleep:latest";
            TestDocker.build(dir, tag);
            assertThatThrownBy(() -> CheckContainer.start(docker, ContainerSpec.of(tag, "test"), Duration.ofMinutes(1)))
                    .isInstanceOf(PpctlException.class).hasMessageContaining("has no 'sleep' executable");
            assertThat(docker.containersWithLabel(Labels.SESSION, Labels.sessionId())).isEmpty();
        } finally {
            io.ppctl.testing.TestProject.deleteTree(dir);
        }
    }
}
