package io.ppctl.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ppctl.config.PushConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Registry API client against a small registry-shaped HTTP server on 127.0.0.1 that answers like GHCR or
 * Docker Hub do (Bearer challenge, token endpoint) and fails on demand: the token flow, the identity-token grant
 * and the retry rules, which the htpasswd registry of the *IT tests cannot show.
 */
class RegistryClientTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private HttpServer server;
    private RegistryConfig registry;
    private final List<String> tokenRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger manifestCalls = new AtomicInteger();
    private volatile int failuresBeforeSuccess;
    private volatile int failureStatus = 503;
    private volatile String retryAfter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        registry = new RegistryConfig("fake", "127.0.0.1:" + server.getAddress().getPort() + "/acme/pp", true);
        server.createContext("/token", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            tokenRequests.add(ex.getRequestMethod() + " " + URLDecoder.decode(String.valueOf(ex.getRequestURI().getRawQuery()),
                    StandardCharsets.UTF_8) + " " + auth + " " + URLDecoder.decode(body, StandardCharsets.UTF_8));
            boolean basicOk = ("Basic " + java.util.Base64.getEncoder().encodeToString("bob:right".getBytes())).equals(auth);
            boolean refreshOk = body.contains("grant_type=refresh_token") && body.contains("refresh_token=idtok");
            if (basicOk || refreshOk) {
                respond(ex, 200, "{\"token\":\"tok-1\"}");
            } else {
                respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
            }
        });
        server.createContext("/v2/", ex -> {
            if (!"Bearer tok-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\",service=\"fake\"");
                respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/v2/")) {
                respond(ex, 200, "{}");
            } else if (path.equals("/v2/acme/pp/manifests/v1.0.2")) {
                if (manifestCalls.incrementAndGet() <= failuresBeforeSuccess) {
                    if (retryAfter != null) {
                        ex.getResponseHeaders().add("Retry-After", retryAfter);
                    }
                    respond(ex, failureStatus, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}");
                    return;
                }
                ex.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
                respond(ex, 200, "");
            } else {
                respond(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || b.length == 0 ? -1 : b.length);
        if (!head && b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private RegistryClient client(Credentials c) {
        Retry retry = new Retry(new PushConfig(3, Duration.ofMillis(10), Duration.ofMillis(100)), slept::add, m -> { });
        return new RegistryClient(registry, Optional.ofNullable(c), retry);
    }

    @Test
    void tradesTheCredentialsForATokenOfTheRepositoryScope() {
        RegistryClient c = client(Credentials.password("bob", "right", "test"));
        c.ping();
        assertThat(c.digest("v1.0.2")).contains(DIGEST);
        assertThat(c.digest("v9.9.9")).isEmpty();
        assertThat(tokenRequests).anySatisfy(r -> assertThat(r).startsWith("GET service=fake&scope=repository:acme/pp:pull Basic "));
    }

    @Test
    void wrongCredentialsAreExitThreeAtOnceAndNeverQuoted() {
        RegistryClient c = client(Credentials.password("bob", "wrong-secret", "PPCTL_FAKE_PASSWORD"));
        assertThatThrownBy(c::ping).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).contains("fake (127.0.0.1:", "refused user bob from PPCTL_FAKE_PASSWORD", "UNAUTHORIZED bad credentials")
                    .doesNotContain("wrong-secret");
        });
        assertThat(tokenRequests).hasSize(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void anIdentityTokenIsSentAsARefreshTokenGrant() {
        RegistryClient c = client(Credentials.identityToken("idtok", "test"));
        assertThat(c.digest("v1.0.2")).contains(DIGEST);
        assertThat(tokenRequests).singleElement().asString().startsWith("POST ")
                .contains("grant_type=refresh_token", "scope=repository:acme/pp:pull", "service=fake");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheyPass() {
        failuresBeforeSuccess = 2;
        assertThat(client(Credentials.password("bob", "right", "test")).digest("v1.0.2")).contains(DIGEST);
        assertThat(manifestCalls).hasValue(3);
        assertThat(slept).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void serverErrorsThatOutlastTheAttemptsAreExitThreeAndNeverMeanFree() {
        failuresBeforeSuccess = 99;
        assertThatThrownBy(() -> client(Credentials.password("bob", "right", "test")).digest("v1.0.2"))
                .isInstanceOfSatisfying(PpctlException.class, e -> {
                    assertThat(e.exitCode().code()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("failed after 3 attempts", "HEAD /v2/acme/pp/manifests/v1.0.2 answered 503");
                });
        assertThat(manifestCalls).hasValue(3);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        failuresBeforeSuccess = 1;
        failureStatus = 429;
        retryAfter = "0";
        assertThat(client(Credentials.password("bob", "right", "test")).digest("v1.0.2")).contains(DIGEST);
        assertThat(manifestCalls).hasValue(2);
        retryAfter = "120";
        manifestCalls.set(0);
        assertThatThrownBy(() -> client(Credentials.password("bob", "right", "test")).digest("v1.0.2"))
                .hasMessageContaining("asks to wait 2m00s");
    }

    @Test
    void noCredentialsForARegistryThatWantsThemSaysHowToGiveThem() {
        server.removeContext("/token");
        server.createContext("/token", ex -> respond(ex, 401, "{}"));
        assertThatThrownBy(() -> client(null).ping()).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).contains("requires credentials and none were found");
            assertThat(e.hint()).contains("PPCTL_FAKE_USERNAME", "PPCTL_FAKE_PASSWORD", "--password-stdin", "docker login");
        });
    }

    @Test
    void aRegistryThatIsNotThereFailsThePingAtOnce() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        registry = new RegistryConfig("gone", "127.0.0.1:" + closed + "/acme/pp", true);
        assertThatThrownBy(() -> client(null).ping()).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).isEqualTo("cannot reach gone (127.0.0.1:" + closed + ") at http://127.0.0.1:" + closed
                    + ": connection refused");
        });
        assertThat(slept).isEmpty();
    }

    /** Row 17 of issue 15: a registry whose /v2/ redirects is reported as push will meet it, not as accepted. */
    @Test
    void aRedirectOfV2FailsThePingAsPushWould() throws IOException {
        HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirecting.createContext("/", ex -> {
            ex.getResponseHeaders().add("Location", "https://registry.elsewhere.invalid/v2/");
            respond(ex, 307, "");
        });
        redirecting.start();
        try {
            RegistryConfig r = new RegistryConfig("moved", "127.0.0.1:" + redirecting.getAddress().getPort() + "/team/pp", true);
            RegistryClient c = new RegistryClient(r, Optional.empty(),
                    new Retry(new PushConfig(1, Duration.ofMillis(10), Duration.ofMillis(10)), slept::add, m -> { }));
            assertThatThrownBy(c::ping).isInstanceOf(io.ppctl.core.PpctlException.class)
                    .hasMessageContaining("answers /v2/ with a redirect (307 to https://registry.elsewhere.invalid/v2/)")
                    .hasMessageContaining("a push there would fail")
                    .extracting(e -> ((io.ppctl.core.PpctlException) e).exitCode().code()).isEqualTo(3);
        } finally {
            redirecting.stop(0);
        }
    }
}
