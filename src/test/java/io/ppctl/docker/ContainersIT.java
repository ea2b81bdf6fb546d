package io.ppctl.docker;

import io.ppctl.core.Cleanup;
import io.ppctl.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ppctl's container layer on the real daemon: labelled, output split by stream, timeouts, always removed. */
class ContainersIT {
    private static DockerSession docker;
    private static String image;

    @BeforeAll
    static void connect() {
        docker = DockerClientFactory.connect(System.getenv());
        image = TestDocker.baseImage();
    }

    @AfterAll
    static void close() {
        Cleanup.global().runAll();
        docker.close();
        TestDocker.cleanup();
    }

    @Test
    void runSplitsStdoutFromStderrAndRemovesTheContainer() {
        ExecResult r = docker.containers().run(ContainerSpec.of(image, "test")
                .withCommand(List.of("sh", "-c", "echo out; echo err >&2; exit 3")), Duration.ofSeconds(30));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(docker.containersWithLabel(Labels.SESSION, Labels.sessionId())).isEmpty();
    }

    @Test
    void execRunsManyCommandsInOneContainerWithEnvAndTimeout() {
        try (RunningContainer c = docker.containers().start(ContainerSpec.of(image, "test")
                .withCommand(List.of("sleep", "300")))) {
            assertThat(docker.containersWithLabel(Labels.PURPOSE, "test")).contains(c.id());
            ExecResult env = c.exec(List.of("sh", "-c", "echo $GREETING"), Map.of("GREETING", "hello"), Duration.ofSeconds(10));
            assertThat(env.stdout()).isEqualTo("hello\n");
            ExecResult slow = c.exec(List.of("sleep", "20"), Map.of(), Duration.ofMillis(500));
            assertThat(slow.timedOut()).isTrue();
            assertThat(slow.duration()).isLessThan(Duration.ofSeconds(5));
            c.copyIn("/tmp", Map.of("hello.txt", "from ppctl".getBytes(StandardCharsets.UTF_8)));
            assertThat(c.readFile("/tmp/hello.txt", 1024)).get().extracting(b -> new String(b, StandardCharsets.UTF_8))
                    .isEqualTo("from ppctl");
            assertThat(c.readFile("/nope", 1024)).isEmpty();
        }
        assertThat(docker.containersWithLabel(Labels.SESSION, Labels.sessionId())).isEmpty();
    }

    @Test
    void aContainerThatOutlivesItsTimeoutIsKilled() {
        ExecResult r = docker.containers().run(ContainerSpec.of(image, "test").withCommand(List.of("sleep", "60")),
                Duration.ofSeconds(1));
        assertThat(r.timedOut()).isTrue();
        assertThat(docker.containersWithLabel(Labels.SESSION, Labels.sessionId())).isEmpty();
    }

    @Test
    void cleanupRemovesContainersThatWereNeverClosed() {
        RunningContainer leaked = docker.containers().start(ContainerSpec.of(image, "test").withCommand(List.of("sleep", "300")));
        assertThat(docker.containersWithLabel(Labels.SESSION, Labels.sessionId())).contains(leaked.id());
        Cleanup.global().runAll();
        assertThat(docker.containersWithLabel(Labels.SESSION, Labels.sessionId())).isEmpty();
    }

    @Test
    void inspectsImages() {
        ImageDetails d = docker.inspectImage(image).orElseThrow();
        assertThat(d.id()).startsWith("sha256:");
        assertThat(d.labels()).containsEntry(TestDocker.RUN_LABEL, TestDocker.RUN_ID);
        assertThat(d.layers()).isEqualTo(2);
        assertThat(docker.inspectImage("ppctl-no-such-image:nope")).isEmpty();
    }
}
