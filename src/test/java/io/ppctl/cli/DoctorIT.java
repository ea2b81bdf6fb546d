package io.ppctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.Engine;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ppctl doctor and the Docker connection, against the real daemon and against daemons that are not there. */
class DoctorIT {
    private TestProject project;

    @BeforeEach
    void create() {
        project = TestProject.git().write("VERSION", "v1.0.0\n").write("Dockerfile", "FROM scratch\n")
                .write(".dockerignore", "target/\n").write("policies/security-policy/p.yaml", "kind: ClusterPolicy\n")
                .commit("init");
    }

    @AfterEach
    void remove() {
        project.close();
    }

    @Test
    void reportsTheRealDaemonAndExitsZero() throws Exception {
        CliResult r = Cli.run("-C", project.dir().toString(), "doctor", "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode checks = new ObjectMapper().readTree(r.stdout()).get("checks");
        JsonNode docker = null;
        for (JsonNode c : checks) {
            if (c.get("name").asText().equals("docker")) {
                docker = c;
            }
        }
        assertThat(docker).isNotNull();
        assertThat(docker.get("status").asText()).isEqualTo("ok");
        // What the docker CLI reads from the same daemon: the engine and its version, and the storage driver.
        Engine engine = Engine.current();
        String driver = TestDocker.docker("info", "--format", "{{.Driver}}").strip();
        assertThat(docker.get("detail").asText()).contains(engine.name() + " " + engine.version() + " at ").contains("API 1.")
                .contains(", " + driver + (engine.containerdStore() ? " (containerd image store)" : ""));
    }

    @Test
    void aMissingSocketIsExitThreeWithAHint() {
        long start = System.nanoTime();
        CliResult r = Cli.run(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), "-C", project.dir().toString(), "doctor");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout()).contains("cannot reach the Docker daemon at unix:///nonexistent/docker.sock", "DOCKER_HOST");
        assertThat(millis).isLessThan(5000);
    }

    @Test
    void aDaemonThatNeverAnswersIsExitThreeWithinFiveSeconds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            CliResult r = Cli.run(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + silent.getLocalPort()),
                    "-C", project.dir().toString(), "doctor");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stdout()).contains("did not answer within");
            assertThat(millis).isLessThan(5000);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theRealProcessAnswersAnUnreachableDaemonWithinFiveSeconds() throws Exception {
        long start = System.nanoTime();
        CliResult r = Cli.runJar(project.dir(), Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), 30, "doctor", "-q");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).doesNotContain("Exception");
        assertThat(millis).isLessThan(5000);
    }
}
