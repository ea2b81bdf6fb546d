package io.ppctl.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A token server for the distribution registry's {@code auth: token} on 127.0.0.1, as the distribution token spec
 * describes (docs/spec/auth/token.md, jwt.md) and registry/auth/token of distribution v3 verifies: {@code GET /token}
 * with {@code service}, {@code scope} (repeatable) and optional Basic credentials answers
 * {@code {"token","access_token","expires_in","issued_at"}}; {@code POST /token} takes the OAuth2
 * {@code password} and {@code refresh_token} grants. Tokens are ES256 JWTs whose header carries the signing
 * certificate in {@code x5c} (the registry's rootcertbundle holds the same self-signed certificate), with the claims
 * iss, sub, aud (the service), exp, nbf, iat, jti and {@code access: [{type, name, actions}]}. The actions granted are
 * the requested ones the account (or, without credentials, anonymous access) has on that repository; none at all is
 * still a 200 with an empty access list, as the spec says, so the registry answers insufficient_scope.
 *
 * <p>distribution accepts a token until 60 s after its {@code exp} (token.Leeway, for clock skew). So that a test's
 * lifetime is the one the registry enforces, {@code exp} is set {@link #LEEWAY} earlier, plus a grace of
 * {@link #GRACE}: a token of lifetime L is refused from L + 2 s after it was issued, and {@code expires_in} says L.
 * Every request is recorded with who sent it (the Docker daemon or ppctl), the scheme and user of its Authorization
 * (never the secret) and the scopes asked for.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "ppctl-test-registry";
    public static final String ISSUER = "ppctl-test-token-issuer";
    static final Duration LEEWAY = Duration.ofSeconds(60);
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request the token server answered. {@code who} is "daemon" (the engine: Docker's own client, Docker 29's
     * containerd, Podman's containers/image) or "ppctl"; {@code scheme} that of its Authorization header (basic, bearer,
     * none); {@code grant} the OAuth2 grant_type of a POST (password, refresh_token) or null; {@code user} the account
     * its credentials name (the Basic user or the password grant's username), or null.
     */
    public record Request(String who, String method, String path, String scheme, String grant, String user, List<String> scopes, int status) {
        /** Whether the request carried a password: as Basic credentials (GET) or in an OAuth2 password grant (POST). */
        public boolean sentPassword() {
            return scheme.equals("basic") || "password".equals(grant);
        }

        @Override
        public String toString() {
            return who + " " + method + " " + path + " " + scheme + (grant == null ? "" : " grant=" + grant)
                    + (user == null ? "" : " " + user) + " " + scopes + " " + status;
        }
    }

    /** What an account (user null: anonymous) may do on repositories whose name matches {@code repository}. */
    private record Grant(String user, Pattern repository, Set<String> actions) {}

    private final HttpServer server;
    private final Path dir;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<Grant> grants = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Duration lifetime = Duration.ofMinutes(5);

    private TokenServer(HttpServer server, Path dir, PrivateKey key, X509Certificate certificate) {
        this.server = server;
        this.dir = dir;
        this.key = key;
        this.certificate = certificate;
    }

    /** Starts a token server on a free loopback port with a fresh EC P-256 key and self-signed certificate. */
    public static TokenServer start() {
        Path dir = TestDocker.tempDir("ppctl-token-server");
        try {
            Path store = dir.resolve("signing.p12");
            String storePass = UUID.randomUUID().toString();
            ProcessBuilder p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "token", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=ppctl test token signer", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass:env", "PPCTL_TEST_STOREPASS")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile());
            p.environment().put("PPCTL_TEST_STOREPASS", storePass);
            Process keytool = p.start();
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                keytool.destroyForcibly();
                throw new IOException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, storePass.toCharArray());
            }
            PrivateKey key = (PrivateKey) ks.getKey("token", storePass.toCharArray());
            X509Certificate cert = (X509Certificate) ks.getCertificate("token");
            Files.writeString(dir.resolve("root.pem"), "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            TokenServer ts = new TokenServer(server, dir, key, cert);
            server.createContext("/", ts::handle);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "token-server");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return ts;
        } catch (IOException e) {
            TestProject.deleteTree(dir);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            TestProject.deleteTree(dir);
            throw new AssertionError(e);
        } catch (java.security.GeneralSecurityException e) {
            TestProject.deleteTree(dir);
            throw new AssertionError("cannot load the token signing key", e);
        }
    }

    /** The realm registries name in their Bearer challenge: http://127.0.0.1:PORT/token. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The registry's rootcertbundle: the PEM of the signing certificate. */
    public Path rootCertBundle() {
        return dir.resolve("root.pem");
    }

    /** Adds an account. */
    public TokenServer user(String name, String password) {
        passwords.put(name, password);
        return this;
    }

    /** Lets {@code user} (null: anyone, also without credentials) do {@code actions} on repositories matching the regex. */
    public TokenServer grant(String user, String repositoryRegex, String... actions) {
        grants.add(new Grant(user, Pattern.compile(repositoryRegex), Set.of(actions)));
        return this;
    }

    /** An OAuth2 refresh token (an "identity token" to docker) for {@code user}. */
    public String refreshToken(String user) {
        String t = "rt-" + UUID.randomUUID();
        refreshTokens.put(t, user);
        return t;
    }

    /** The lifetime of tokens issued from now on (the registry refuses them {@link #GRACE} after it). */
    public TokenServer lifetime(Duration d) {
        lifetime = d;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** A token with every action on {@code repository}, for the tests' own looks into the registry. */
    public String adminToken(String repository) {
        List<String[]> access = new ArrayList<>();
        access.add(new String[] {"repository", repository, "*"});
        return sign("ppctl-test-admin", access, Duration.ofMinutes(5));
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        TestProject.deleteTree(dir);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String who = daemon(String.valueOf(ex.getRequestHeaders().getFirst("User-Agent"))) ? "daemon" : "ppctl";
            Map<String, List<String>> params = new LinkedHashMap<>(query(ex.getRequestURI().getRawQuery()));
            if (ex.getRequestMethod().equals("POST")) {
                query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        .forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            }
            String header = ex.getRequestHeaders().getFirst("Authorization");
            String scheme = header == null ? "none" : header.split(" ", 2)[0].toLowerCase(Locale.ROOT);
            String basicUser = null;
            String basicPassword = null;
            if (scheme.equals("basic")) {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                basicUser = colon < 0 ? decoded : decoded.substring(0, colon);
                basicPassword = colon < 0 ? "" : decoded.substring(colon + 1);
            }
            List<String> scopes = params.getOrDefault("scope", List.of()).stream()
                    .flatMap(s -> java.util.Arrays.stream(s.split(" "))).filter(s -> !s.isBlank()).toList();
            String user;
            int status;
            if (!ex.getRequestURI().getPath().equals("/token")) {
                status = 404;
                user = null;
            } else if (!SERVICE.equals(first(params, "service"))) {
                status = 400;
                user = null;
            } else {
                user = account(ex.getRequestMethod(), params, basicUser, basicPassword);
                status = "!".equals(user) ? 401 : 200;
            }
            String grant = ex.getRequestMethod().equals("POST") ? first(params, "grant_type") : null;
            String named = "password".equals(grant) ? first(params, "username") : basicUser;
            requests.add(new Request(who, ex.getRequestMethod(), ex.getRequestURI().getPath(), scheme, grant, named, scopes, status));
            if (status != 200) {
                byte[] body = ("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"" + (status == 401
                        ? "invalid credentials" : status == 400 ? "unknown service" : "not found") + "\"}]}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            List<String[]> access = new ArrayList<>();
            for (String scope : scopes) {
                int a = scope.indexOf(':');
                int b = scope.lastIndexOf(':');
                if (a < 0 || b <= a) {
                    continue;
                }
                String type = scope.substring(0, a);
                String name = scope.substring(a + 1, b);
                Set<String> allowed = new LinkedHashSet<>();
                for (String action : scope.substring(b + 1).split(",")) {
                    if (type.equals("repository") && permitted(user, name, action)) {
                        allowed.add(action);
                    }
                }
                if (!allowed.isEmpty()) {
                    access.add(new String[] {type, name, String.join(",", allowed)});
                }
            }
            Duration life = lifetime;
            Instant now = Instant.now();
            String token = sign(user == null ? "" : user, access, life);
            ObjectNode answer = JSON.createObjectNode().put("token", token).put("access_token", token)
                    .put("expires_in", life.toSeconds()).put("issued_at", now.toString());
            byte[] body = JSON.writeValueAsBytes(answer);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    /**
     * Whether a User-Agent is the engine's: Docker's "docker/29.8.1 go/... containerd-client/...", Docker 29's token
     * requests "containerd/2.3.4" (containerd's auth.FetchToken sets it when the daemon gives its authorizer no
     * headers), Podman's "containers/5.23.1 (github.com/containers/image)". ppctl's own (the JDK's client) sends "Java-http-client/17...".
     */
    static boolean daemon(String userAgent) {
        return userAgent.startsWith("docker/") || userAgent.startsWith("containerd/") || userAgent.startsWith("containers/");
    }

    /** The account a request authenticates as: a user name, null for anonymous, "!" for refused credentials. */
    private String account(String method, Map<String, List<String>> params, String basicUser, String basicPassword) {
        if (method.equals("POST")) {
            String grant = first(params, "grant_type");
            if ("refresh_token".equals(grant)) {
                String user = refreshTokens.get(String.valueOf(first(params, "refresh_token")));
                return user == null ? "!" : user;
            }
            if ("password".equals(grant)) {
                String user = first(params, "username");
                return user != null && String.valueOf(first(params, "password")).equals(passwords.get(user)) ? user : "!";
            }
            return "!";
        }
        if (basicUser == null) {
            return null;
        }
        return basicPassword.equals(passwords.get(basicUser)) ? basicUser : "!";
    }

    private boolean permitted(String user, String repository, String action) {
        return grants.stream().anyMatch(g -> (g.user() == null || g.user().equals(user))
                && g.repository().matcher(repository).matches() && (g.actions().contains(action) || g.actions().contains("*")));
    }

    private String sign(String subject, List<String[]> access, Duration life) {
        try {
            long iat = Instant.now().getEpochSecond();
            ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
                    .put("exp", iat + life.toSeconds() + GRACE.toSeconds() - LEEWAY.toSeconds()).put("nbf", iat - 1)
                    .put("iat", iat).put("jti", UUID.randomUUID().toString());
            ArrayNode list = claims.putArray("access");
            for (String[] a : access) {
                ObjectNode entry = list.addObject().put("type", a[0]).put("name", a[1]);
                ArrayNode actions = entry.putArray("actions");
                for (String action : a[2].split(",")) {
                    actions.add(action);
                }
            }
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "." + url.encodeToString(JSON.writeValueAsBytes(claims));
            // JWS ES256 wants the raw r||s pair, not DER: the P1363 form of the JDK's ECDSA.
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(s.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("cannot sign a token", e);
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
