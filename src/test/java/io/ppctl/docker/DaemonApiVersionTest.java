package io.ppctl.docker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppctl against daemons that bound the API versions they accept, faked on loopback TCP: {@code GET /version} (asked
 * without a version) answers like the engine, and a versioned request below the daemon's minimum gets moby's
 * 400 "client version X is too old" (daemon/server/middleware/version.go). Docker 29.0 to 29.2 refuse anything below
 * 1.44; ppctl speaks 1.47 to them. A daemon that refuses what ppctl speaks anyway, or one older than Docker 20.10,
 * is exit 3 with one line.
 */
class DaemonApiVersionTest {
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)$");
    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final Path dir = tempDir();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        TestProject.deleteTree(dir);
    }

    /** A fake daemon: /version says Docker {@code version} with API {@code min} to {@code max}; it refuses below {@code refuseBelow}. */
    private String daemon(String version, String max, String min, String refuseBelow) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", ex -> answer(ex, version, max, min, refuseBelow));
        server.start();
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange ex, String version, String max, String min, String refuseBelow) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            paths.add(ex.getRequestMethod() + " " + path);
            Matcher m = VERSIONED.matcher(path);
            String rest = m.matches() ? m.group(3) : path;
            if (m.matches() && compare(m.group(1) + "." + m.group(2), refuseBelow) < 0) {
                send(ex, 400, "{\"message\":\"client version " + m.group(1) + "." + m.group(2) + " is too old. Minimum supported "
                        + "API version is " + refuseBelow + ", please upgrade your client to a newer version\"}");
            } else if (rest.equals("/version")) {
                send(ex, 200, "{\"Version\":\"" + version + "\",\"ApiVersion\":\"" + max + "\",\"MinAPIVersion\":\"" + min
                        + "\",\"Os\":\"linux\",\"Arch\":\"amd64\",\"Components\":[{\"Name\":\"Engine\",\"Version\":\"" + version + "\"}]}");
            } else if (rest.equals("/_ping")) {
                send(ex, 200, "OK");
            } else if (rest.equals("/containers/json")) {
                send(ex, 200, "[]");
            } else {
                send(ex, 404, "{\"message\":\"page not found\"}");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("{") || body.startsWith("[") ? "application/json" : "text/plain");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }

    private CliResult clean(String host) {
        return Cli.run(Map.of("DOCKER_HOST", host, "CI", "true"), "-C", dir.toString(), "clean", "--dry-run");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ppctl-api-version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void docker29Point0To29Point2WhichRefuseBelow144AreSpokenTo147() throws IOException {
        String host = daemon("29.1.0", "1.52", "1.44", "1.44");
        try (DockerSession session = DockerClientFactory.connect(Map.of("DOCKER_HOST", host))) {
            assertThat(session.listContainers(Labels.MANAGED, "true")).isEmpty();
        }
        CliResult r = clean(host);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("nothing to clean");
        assertThat(paths).contains("GET /version").filteredOn(p -> p.matches("GET /v\\d.*")).isNotEmpty()
                .allMatch(p -> p.startsWith("GET /v1.47/"));
    }

    @Test
    void aDaemonThatRefusesTheVersionPpctlSpeaksIsExitThreeInOneLine() throws IOException {
        // Its /version promises 1.44 and up, its check wants 1.48 (as a proxy in front of a newer daemon might).
        String host = daemon("29.1.0", "1.52", "1.44", "1.48");
        CliResult r = clean(host);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).containsExactly("ppctl: listing containers: the Docker daemon answered 400: client version 1.47 is "
                + "too old. Minimum supported API version is 1.48, please upgrade your client to a newer version");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aDaemonOlderThanDocker2010IsExitThreeBeforeAnyVersionedCall() throws IOException {
        String host = daemon("19.03.15", "1.40", "1.12", "1.12");
        CliResult r = clean(host);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).containsExactly("ppctl: the Docker daemon at " + host + " speaks API 1.40 (Docker 19.03.15); "
                + "ppctl needs API 1.41 (Docker 20.10) or newer (upgrade Docker)");
        assertThat(paths).containsExactly("GET /version");
    }
}
