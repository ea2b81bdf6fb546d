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
    private volatile String realm;
    private volatile String tokenAnswer = "{\"token\":\"tok-1\"}";
    private final AtomicInteger unauthorized = new AtomicInteger();
    private final MutableClock clock = new MutableClock();

    /** A clock the test moves on, to age tokens without waiting. */
    private static final class MutableClock extends java.time.Clock {
        private volatile java.time.Instant now = java.time.Instant.parse("2026-12-04T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

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
                respond(ex, 200, tokenAnswer);
            } else {
                respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
            }
        });
        server.createContext("/v2/", ex -> {
            if (!"Bearer tok-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + (realm == null ? base + "/token" : realm)
                        + "\",service=\"fake\"");
                respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/manifests/endless") || path.endsWith("/manifests/endless-error")) {
                endless(ex, path.endsWith("error") ? 404 : 200, 0);
                return;
            }
            if (path.endsWith("/manifests/declared-huge")) {
                endless(ex, 200, 2L << 30);
                return;
            }
            if (path.equals("/v2/acme/pp/blobs/uploads/")) {
                // The token is good but lacks push, as distribution answers an account that may only pull.
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\",service=\"fake\","
                        + "scope=\"repository:acme/pp:pull,push\",error=\"insufficient_scope\"");
                respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            } else if (path.equals("/v2/")) {
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

    /** A body of 2 GiB of JSON-ish bytes, chunked (length 0) or with its Content-Length; stops when ppctl hangs up. */
    static void endless(HttpExchange ex, int status, long declared) throws IOException {
        byte[] chunk = ("{\"errors\":[{\"code\":\"" + "X".repeat(65_000) + "\"}]}").getBytes(StandardCharsets.US_ASCII);
        ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        ex.sendResponseHeaders(status, declared);
        long sent = 0;
        try (var out = ex.getResponseBody()) {
            while (sent < (2L << 30)) {
                int n = (int) Math.min(chunk.length, (2L << 30) - sent);
                out.write(chunk, 0, n);
                sent += n;
            }
        } catch (IOException hungUp) {
            // expected: ppctl stops reading at its bound
        }
        ex.close();
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
        // Every server here is on loopback: a connect that takes long is a loaded machine, not what a test looks at.
        return new RegistryClient(registry, Optional.ofNullable(c), retry, clock, Duration.ofSeconds(60));
    }

    @Test
    void renewsATokenAtTheRealmBeforeItExpiresInsteadOfSendingItToBeRefused() {
        tokenAnswer = "{\"token\":\"tok-1\",\"expires_in\":60}";
        RegistryClient c = client(Credentials.password("bob", "right", "test"));
        assertThat(c.digest("v1.0.2")).contains(DIGEST);
        assertThat(tokenRequests).hasSize(1);
        assertThat(unauthorized).hasValue(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(c.digest("v1.0.2")).contains(DIGEST);
        assertThat(tokenRequests).as("still good: no new token").hasSize(1);
        clock.advance(Duration.ofSeconds(29));
        assertThat(c.digest("v1.0.2")).contains(DIGEST);
        assertThat(tokenRequests).as("within 2 s of its end: renewed first").hasSize(2);
        assertThat(unauthorized).as("the registry never had to refuse it").hasValue(1);
    }

    @Test
    void aTokenWithoutExpiresInIsGoodForSixtySecondsAsTheSpecSays() {
        RegistryClient c = client(Credentials.password("bob", "right", "test"));
        assertThat(c.digest("v1.0.2")).contains(DIGEST);
        clock.advance(Duration.ofSeconds(57));
        assertThat(c.digest("v1.0.2")).contains(DIGEST);
        assertThat(tokenRequests).hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(c.digest("v1.0.2")).contains(DIGEST);
        assertThat(tokenRequests).hasSize(2);
    }

    @Test
    void anInsufficientScopeIsExitThreeNamingTheScopeNotAWrongPassword() {
        RegistryClient c = client(Credentials.password("bob", "right", "PPCTL_FAKE_PASSWORD"));
        assertThatThrownBy(c::checkPush).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).contains("does not let user bob from PPCTL_FAKE_PASSWORD push to " + registry.repository()
                    + ": the scope repository:acme/pp:pull,push was not granted (401: UNAUTHORIZED authentication required)")
                    .doesNotContain("refused");
        });
        assertThat(tokenRequests).as("one fresh token, then no more").hasSize(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void aPlainHttpRealmOnAnotherHostGetsNoCredentialsEvenForAnInsecureRegistry() {
        realm = "http://192.0.2.1/token";
        RegistryClient c = client(Credentials.password("bob", "right", "test"));
        assertThatThrownBy(c::ping).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).contains("names the token endpoint http://192.0.2.1/token, which is not https; "
                    + "ppctl sends no credentials there");
        });
        assertThat(tokenRequests).isEmpty();
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

    @Test
    void aHugeManifestBodyIsRefusedAtTheBoundWithExitThreeNamingTheRegistry() {
        RegistryClient c = client(Credentials.password("bob", "right", "test"));
        for (String ref : List.of("endless", "endless-error", "declared-huge")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.manifest(ref)).isInstanceOfSatisfying(PpctlException.class, e -> {
                assertThat(e.exitCode().code()).isEqualTo(3);
                assertThat(e.getMessage()).startsWith("fake (127.0.0.1:").contains("sent more than 4 MiB in answer to GET /v2/acme/pp/manifests/" + ref);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(slept).as("never retried").isEmpty();
    }

    @Test
    void aHugeTokenBodyIsRefusedAtTheBound() throws IOException {
        server.removeContext("/token");
        server.createContext("/token", ex -> endless(ex, 200, 0));
        assertThatThrownBy(() -> client(Credentials.password("bob", "right", "test")).ping())
                .isInstanceOfSatisfying(PpctlException.class, e -> {
                    assertThat(e.exitCode().code()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("sent more than 1 MiB in answer to GET /token");
                });
    }

    @Test
    void aHostThatDoesNotResolveSaysSoWithTheDnsHint() {
        registry = new RegistryConfig("typo", "nosuch-registry.invalid/acme/pp", false);
        assertThatThrownBy(() -> client(null).ping()).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).isEqualTo("cannot resolve host nosuch-registry.invalid (typo (nosuch-registry.invalid), "
                    + "at https://nosuch-registry.invalid)");
            assertThat(e.hint()).contains("DNS").doesNotContain("insecure");
        });
        assertThat(slept).isEmpty();
    }

    @Test
    void aRefusedConnectionHintsAtThePortNotAtInsecure() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        registry = new RegistryConfig("gone", "127.0.0.1:" + closed + "/acme/pp", false);
        assertThatThrownBy(() -> client(null).ping()).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.getMessage()).endsWith(": connection refused");
            assertThat(e.hint()).contains("check the port").doesNotContain("insecure");
        });
    }

    @Test
    void aPlainHttpRegistryAskedForTlsHintsAtInsecure() throws Exception {
        // The JVM's first TLS set-up can take seconds on a loaded machine, and it counts against the connect timeout.
        var warm = javax.net.ssl.SSLContext.getDefault().createSSLEngine();
        warm.setUseClientMode(true);
        warm.beginHandshake();
        // What Go's net/http (the registry) answers to a TLS ClientHello on a plain port.
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (var s = plain.accept()) {
                    s.getInputStream().readNBytes(5); // the TLS record header, as Go's server reads it first
                    s.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test ends either way
                }
            });
            t.start();
            registry = new RegistryConfig("plain", "127.0.0.1:" + plain.getLocalPort() + "/acme/pp", false);
            assertThatThrownBy(() -> client(null).ping()).isInstanceOfSatisfying(PpctlException.class, e -> {
                assertThat(e.exitCode().code()).isEqualTo(3);
                assertThat(e.getMessage()).endsWith(": it answered TLS with plain HTTP");
                assertThat(e.hint()).isEqualTo("for a registry that speaks plain HTTP set insecure: true in its registries entry");
            });
            t.join(5000);
        }
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
