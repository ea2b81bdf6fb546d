package io.ppctl.registry;

import io.ppctl.testing.EngineIndependent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry (or a proxy in front of it) on 127.0.0.1 that answers with a 2 GiB body: to the first contact, to the
 * token request, and as a manifest. ppctl, the packaged jar as users run it, fails with exit 3 naming the registry,
 * and its peak resident memory (VmHWM, polled) stays far below the body's size.
 */
@EngineIndependent
class HugeBodyIT {
    private static final long BODY = 2L << 30;
    private static final List<String> FIGURES = new ArrayList<>();
    private HttpServer server;
    private TestProject project;
    private volatile String mode;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", ex -> huge(ex, 200));
        server.createContext("/v2/", ex -> {
            String path = ex.getRequestURI().getPath();
            switch (mode) {
                case "ping" -> huge(ex, 200);
                case "error" -> huge(ex, 500);
                case "token" -> {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\",service=\"fake\"");
                    ex.sendResponseHeaders(401, -1);
                    ex.close();
                }
                default -> {
                    if (path.equals("/v2/")) {
                        ex.sendResponseHeaders(200, -1);
                        ex.close();
                    } else if (ex.getRequestMethod().equals("HEAD")) {
                        ex.getResponseHeaders().add("Docker-Content-Digest", "sha256:" + "ab".repeat(32));
                        ex.sendResponseHeaders(200, -1);
                        ex.close();
                    } else {
                        huge(ex, 200);
                    }
                }
            }
        });
        server.start();
        project = TestProject.git().write("VERSION", "v1.0.0\n")
                .write("ppctl.yaml", "registries:\n  - name: fake\n    repository: 127.0.0.1:" + server.getAddress().getPort()
                        + "/acme/pp\npush: {attempts: 1}\n")
                .commit("init");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        project.close();
    }

    @AfterAll
    static void figures() {
        FIGURES.forEach(System.out::println);
    }

    private static void huge(HttpExchange ex, int status) throws IOException {
        byte[] chunk = ("{\"errors\":[{\"code\":\"" + "X".repeat(65_000) + "\"}]}").getBytes(StandardCharsets.US_ASCII);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, 0);
        long sent = 0;
        try (var out = ex.getResponseBody()) {
            while (sent < BODY) {
                int n = (int) Math.min(chunk.length, BODY - sent);
                out.write(chunk, 0, n);
                sent += n;
            }
        } catch (IOException hungUp) {
            // expected: ppctl hangs up at its bound
        }
        ex.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ping", "error", "token", "manifest"})
    void aTwoGibibyteBodyIsExitThreeNamingTheRegistryInBoundedMemory(String mode) throws Exception {
        this.mode = mode;
        Path out = Files.createTempFile("ppctl-huge-out", ".txt");
        Path err = Files.createTempFile("ppctl-huge-err", ".txt");
        try {
            Process p = Cli.processBuilder(project.dir(), java.util.Map.of(), "rollback", "v1.0.0")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            long peakKb = 0;
            long start = System.nanoTime();
            while (p.isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(120)) {
                peakKb = Math.max(peakKb, vmHwmKb(p.pid()));
                Thread.sleep(20);
            }
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("ppctl rollback did not finish within 120 s against a huge " + mode + " body");
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            CliResult r = new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
            FIGURES.add(String.format("2 GiB %s body: exit %d after %d ms, peak RSS %d MiB", mode, r.exitCode(), ms, peakKb >> 10));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stderr()).contains("fake (127.0.0.1:").contains("sent more than")
                    .doesNotContain("OutOfMemory").doesNotContain("\tat ");
            assertThat(peakKb >> 10).as("peak RSS in MiB").isLessThan(400);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two polls
        }
        return 0;
    }
}
