package io.ppctl.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.InputFiles;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.PpctlException;
import io.ppctl.version.DockerReference;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Registry HTTP API v2 for one repository: ping, manifest digest (HEAD), manifest (GET), manifest PUT (to
 * re-point a tag by digest), blob HEAD. Authenticates as registries ask: Basic (htpasswd registries), or the
 * Bearer token flow (WWW-Authenticate names a token endpoint; credentials are traded for a token there: GHCR,
 * Docker Hub, Google Artifact Registry, ACR). Transient failures are retried by {@link Retry}; 401 and 403 never
 * are. No secret and no Authorization header ever reaches a message.
 */
public final class RegistryClient {
    public static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The token lifetime when the token endpoint names none (distribution's token spec). */
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    /** A token this close to its end is renewed before a request, not sent to be refused. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = JsonMappers.plain();

    private final RegistryConfig registry;
    private final Optional<Credentials> credentials;
    private final Retry retry;
    private final HttpClient http;
    private final String base;
    private volatile boolean basic;
    /** The registry's last Bearer challenge: where to renew a token that is about to expire. */
    private volatile AuthChallenge bearer;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final java.time.Clock clock;
    private final Duration connectTimeout;

    /** A bearer token for one scope and when it stops being good (by this machine's clock, from expires_in). */
    private record Token(String value, java.time.Instant expires) {
        @Override
        public String toString() {
            return "Token[expires " + expires + "]";
        }
    }

    public RegistryClient(RegistryConfig registry, Optional<Credentials> credentials, Retry retry) {
        this(registry, credentials, retry, java.time.Clock.systemUTC());
    }

    RegistryClient(RegistryConfig registry, Optional<Credentials> credentials, Retry retry, java.time.Clock clock) {
        this(registry, credentials, retry, clock, CONNECT_TIMEOUT);
    }

    /** The connect timeout covers the TLS handshake too, which a loaded test machine can stretch past 5 s. */
    RegistryClient(RegistryConfig registry, Optional<Credentials> credentials, Retry retry, java.time.Clock clock,
                   Duration connectTimeout) {
        this.clock = clock;
        this.connectTimeout = connectTimeout;
        this.registry = registry;
        this.credentials = credentials;
        this.retry = retry;
        // Redirects are not followed: they lead to blob storage on other hosts, which must not get our Authorization.
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = (registry.insecure() ? "http://" : "https://") + RegistryHosts.apiHost(registry.host());
    }

    public RegistryConfig registry() {
        return registry;
    }

    public Optional<Credentials> credentials() {
        return credentials;
    }

    /** "ghcr (ghcr.io)", for messages. */
    public String label() {
        return registry.name() + " (" + registry.host() + ")";
    }

    /**
     * Checks that the registry answers and accepts the credentials (GET /v2/). A registry that cannot be reached
     * at all fails at once: this is the cheap first contact, not an operation in progress.
     */
    public void ping() {
        HttpResponse<byte[]> r = call("reaching " + label(), "GET", "/v2/", null, Map.of(), null, true);
        if (r.statusCode() >= 300 && r.statusCode() < 400) {
            // ppctl never follows the registry API's redirects (they would carry the credentials to another host), so
            // every push call would meet the same answer: say so now, as doctor and the preflight, not after a build.
            throw PpctlException.environment(label() + " answers /v2/ with a redirect (" + r.statusCode() + " to "
                    + r.headers().firstValue("Location").orElse("no Location") + "); ppctl does not follow redirects of the "
                    + "registry API, so a push there would fail", "set the repository to the host the registry API is "
                    + "served from", null);
        }
        if (r.statusCode() != 200) {
            throw unexpected(r, "GET", "/v2/");
        }
    }

    /** The digest {@code reference} (a tag or digest) points at in this repository, or empty when there is none (404). */
    public Optional<String> digest(String reference) {
        HttpResponse<byte[]> r = call("looking up " + ref(reference) + " in " + label(), "HEAD", manifestPath(reference),
                pull(), Map.of("Accept", MANIFEST_TYPES), null, false);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        expect(r, 200, "HEAD", reference);
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        return header.isPresent() ? header : manifest(reference).map(Manifest::digest);
    }

    /** The manifest {@code reference} points at, exactly as stored, or empty on 404. */
    public Optional<Manifest> manifest(String reference) {
        HttpResponse<byte[]> r = call("reading " + ref(reference) + " from " + label(), "GET", manifestPath(reference),
                pull(), Map.of("Accept", MANIFEST_TYPES), null, false);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        expect(r, 200, "GET", reference);
        String computed = Manifest.sha256(r.body());
        String type = r.headers().firstValue("Content-Type").orElse("application/vnd.docker.distribution.manifest.v2+json");
        if (reference.startsWith("sha256:") && !reference.equals(computed)) {
            throw PpctlException.environment(label() + " served a manifest for " + reference + " whose content has digest "
                    + computed, null, null);
        }
        return Optional.of(new Manifest(type, r.body(), computed));
    }

    /** Stores {@code manifest} under {@code tag} and returns the digest the registry reports for it. */
    public String putManifest(String tag, Manifest manifest) {
        HttpResponse<byte[]> r = call("pointing " + ref(tag) + " at " + manifest.digest(), "PUT", manifestPath(tag),
                pushScope(), Map.of("Content-Type", manifest.mediaType()), manifest.body(), false);
        expect(r, 201, "PUT", tag);
        return r.headers().firstValue("Docker-Content-Digest").orElse(manifest.digest());
    }

    /**
     * Stores {@code manifest} under {@code reference} (a tag, or its own digest) and tells whether the registry
     * took note of its OCI 1.1 {@code subject} (it answers with an OCI-Subject header when it serves the referrers API).
     */
    public boolean putManifestWithSubject(String reference, Manifest manifest) {
        HttpResponse<byte[]> r = call("storing " + ref(reference), "PUT", manifestPath(reference), pushScope(),
                Map.of("Content-Type", manifest.mediaType()), manifest.body(), false);
        expect(r, 201, "PUT", reference);
        return r.headers().firstValue("OCI-Subject").isPresent();
    }

    /** Uploads {@code data} as a blob (one monolithic upload) unless the repository holds it already; returns its digest. */
    public String uploadBlob(byte[] data) {
        String digest = Manifest.sha256(data);
        if (blobExists(digest)) {
            return digest;
        }
        HttpResponse<byte[]> start = call("starting an upload to " + label(), "POST",
                "/v2/" + registry.path() + "/blobs/uploads/", pushScope(), Map.of(), new byte[0], false);
        if (start.statusCode() != 202) {
            throw unexpected(start, "POST", "a blob upload");
        }
        String location = start.headers().firstValue("Location").orElseThrow(() -> PpctlException.environment(label()
                + " started a blob upload without saying where to send it (no Location header)", null, null));
        String path = uploadPath(location);
        HttpResponse<byte[]> put = call("uploading blob " + digest + " to " + label(), "PUT",
                path + (path.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8),
                pushScope(), Map.of("Content-Type", "application/octet-stream"), data, false);
        if (put.statusCode() != 201) {
            throw unexpected(put, "PUT", "blob " + digest);
        }
        return digest;
    }

    /** The blob's bytes, checked against its digest, or empty on 404. At most {@code maxBytes} are accepted. */
    public Optional<byte[]> blob(String digest, long maxBytes) {
        HttpResponse<byte[]> r = call("reading blob " + digest + " from " + label(), "GET",
                "/v2/" + registry.path() + "/blobs/" + digest, pull(), Map.of(), null, false);
        if (r.statusCode() == 307 || r.statusCode() == 302) {
            // Storage behind a redirect gets no Authorization of ours.
            String to = r.headers().firstValue("Location").orElse("");
            r = retry.run("reading blob " + digest + " from storage", () -> exchange(HttpRequest.newBuilder(
                    URI.create(base).resolve(to)).timeout(REQUEST_TIMEOUT).GET().build(), false,
                    (int) Math.min(maxBytes, Integer.MAX_VALUE)));
        }
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw unexpected(r, "GET", "blob " + digest);
        }
        if (r.body().length > maxBytes) {
            throw PpctlException.environment("blob " + digest + " in " + label() + " is larger than " + maxBytes
                    + " bytes", null, null);
        }
        if (!Manifest.sha256(r.body()).equals(digest)) {
            throw PpctlException.environment(label() + " served blob " + digest + " with other content", null, null);
        }
        return Optional.of(r.body());
    }

    /**
     * The OCI 1.1 referrers of {@code digest} as the registry's referrers API lists them (an image index), or
     * empty when the registry has no such API (404): then the fallback tag sha256-HEX holds them, if anyone wrote it.
     */
    public Optional<Manifest> referrers(String digest) {
        HttpResponse<byte[]> r = call("listing the referrers of " + digest + " in " + label(), "GET",
                "/v2/" + registry.path() + "/referrers/" + digest, pull(),
                Map.of("Accept", "application/vnd.oci.image.index.v1+json"), null, false);
        if (r.statusCode() == 404 || r.statusCode() == 400 || r.statusCode() == 405) {
            return Optional.empty();
        }
        expect(r, 200, "GET", "referrers of " + digest);
        String type = r.headers().firstValue("Content-Type").orElse("application/vnd.oci.image.index.v1+json");
        if (!type.startsWith("application/vnd.oci.image.index.v1+json")) {
            return Optional.empty();
        }
        return Optional.of(new Manifest(type, r.body(), Manifest.sha256(r.body())));
    }

    /** The path (and query) of an upload Location, which may be absolute; uploads elsewhere would need our credentials there. */
    private String uploadPath(String location) {
        URI uri = URI.create(base).resolve(location);
        if (!uri.getAuthority().equalsIgnoreCase(URI.create(base).getAuthority())) {
            throw PpctlException.environment(label() + " sends blob uploads to " + uri.getAuthority()
                    + "; ppctl uploads only to the registry itself", null, null);
        }
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /**
     * Checks, before anything is uploaded, that the credentials may push to the repository: starts a blob upload
     * (what a push does first) and cancels it at once. A registry that refuses it fails with exit code 3 naming the
     * scope it would not grant; any other answer is left for the push itself to judge.
     */
    public void checkPush() {
        String uploads = "/v2/" + registry.path() + "/blobs/uploads/";
        HttpResponse<byte[]> r = call("checking that " + label() + " lets " + who() + " push to " + registry.repository(),
                "POST", uploads, pushScope(), Map.of(), new byte[0], false);
        Optional<String> location = r.headers().firstValue("Location");
        if (r.statusCode() == 202 && location.isPresent()) {
            String path = URI.create(base + uploads).resolve(location.get()).getRawPath();
            try {
                // Only tidiness: registries drop abandoned uploads themselves.
                send("DELETE", path, pushScope(), Map.of(), null, false);
            } catch (Retry.TransientException e) {
                // as above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw PpctlException.interrupted();
            }
        }
    }

    /** Whether the repository holds the blob (a layer or config). */
    private boolean blobExists(String digest) {
        HttpResponse<byte[]> r = call("looking up blob " + digest + " in " + label(), "HEAD",
                "/v2/" + registry.path() + "/blobs/" + digest, pull(), Map.of(), null, false);
        if (r.statusCode() == 404) {
            return false;
        }
        if (r.statusCode() == 200 || r.statusCode() == 307 || r.statusCode() == 302) {
            return true;
        }
        throw unexpected(r, "HEAD", "blob " + digest);
    }

    private String ref(String reference) {
        return registry.repository() + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    }

    private String manifestPath(String reference) {
        return "/v2/" + registry.path() + "/manifests/" + reference;
    }

    private String pull() {
        return "repository:" + registry.path() + ":pull";
    }

    private String pushScope() {
        return "repository:" + registry.path() + ":pull,push";
    }

    private HttpResponse<byte[]> call(String what, String method, String path, String scope, Map<String, String> headers,
                                      byte[] body, boolean firstContact) {
        return retry.run(what, () -> attempt(method, path, scope, headers, body, firstContact));
    }

    private HttpResponse<byte[]> attempt(String method, String path, String scope, Map<String, String> headers, byte[] body,
                                         boolean firstContact) throws Retry.TransientException, InterruptedException {
        HttpResponse<byte[]> r = send(method, path, scope, headers, body, firstContact);
        if (r.statusCode() == 401) {
            authenticate(r, scope);
            r = send(method, path, scope, headers, body, firstContact);
            if (r.statusCode() == 401) {
                throw insufficientScope(r) ? denied(r, scope) : refused(r);
            }
        }
        if (r.statusCode() == 403) {
            throw denied(r, scope);
        }
        transientStatus(r);
        return r;
    }

    private HttpResponse<byte[]> send(String method, String path, String scope, Map<String, String> headers, byte[] body,
                                      boolean firstContact) throws Retry.TransientException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        authorization(scope).ifPresent(v -> b.header("Authorization", v));
        return exchange(b.build(), firstContact, path.contains("/manifests/") ? BoundedBody.MANIFEST_LIMIT : BoundedBody.LIMIT);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, boolean firstContact, int limit)
            throws Retry.TransientException, InterruptedException {
        try {
            return http.send(request, BoundedBody.handler(limit));
        } catch (HttpConnectTimeoutException e) {
            if (firstContact) {
                throw unreachable(request, "no connection within " + connectTimeout.toSeconds() + " s", e,
                        "check the network path to it: a firewall, a VPN or HTTPS_PROXY");
            }
            throw new Retry.TransientException("no connection to " + request.uri().getHost() + " within "
                    + connectTimeout.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new Retry.TransientException("no answer from " + request.uri().getHost() + " within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            if (ConnectFailure.has(e, BoundedBody.TooLarge.class)) {
                // Not retried: a registry or proxy that sends this once will send it again.
                throw PpctlException.environment(label() + " sent more than " + InputFiles.binary(limit) + " in answer to "
                        + request.method() + " " + request.uri().getPath() + " (" + request.uri().getAuthority()
                        + "); ppctl reads no more from a registry", "a proxy or a wrong host may stand in between: "
                        + "check the registry's repository and HTTPS_PROXY", null);
            }
            ConnectFailure failure = ConnectFailure.of(e, request.uri().getHost(), registry.insecure(), ConnectFailure::resolves);
            if (failure.permanent() || firstContact && failure.kind() != ConnectFailure.Kind.OTHER) {
                throw unreachable(request, failure, e);
            }
            boolean refused = ConnectFailure.has(e, ConnectException.class);
            throw new Retry.TransientException((refused ? "connection refused by " : "connection to ")
                    + request.uri().getAuthority() + (refused ? "" : " failed: " + ConnectFailure.rootMessage(e)));
        }
    }

    private Optional<String> authorization(String scope) throws Retry.TransientException, InterruptedException {
        String key = scope == null ? "" : scope;
        Token token = tokens.get(key);
        AuthChallenge challenge = bearer;
        if (token != null && challenge != null && !clock.instant().isBefore(token.expires().minus(RENEW_BEFORE))) {
            // Expired or about to: renew it now rather than have the registry refuse it (a long push outlives tokens).
            token = fetchToken(challenge.param("realm").orElseThrow(), challenge.param("service").orElse(null), scope);
            tokens.put(key, token);
        }
        if (token != null) {
            return Optional.of("Bearer " + token.value());
        }
        if (basic && credentials.isPresent()) {
            return Optional.of(credentials.get().basicHeader());
        }
        return Optional.empty();
    }

    /** Answers a 401 challenge: switch to Basic, or fetch a bearer token for {@code scope}. */
    private void authenticate(HttpResponse<byte[]> r, String scope) throws Retry.TransientException, InterruptedException {
        AuthChallenge c = r.headers().allValues("WWW-Authenticate").stream().map(AuthChallenge::parse)
                .flatMap(Optional::stream).filter(x -> x.bearer() || x.basic()).findFirst()
                .orElseThrow(() -> refused(r));
        if (c.basic()) {
            if (credentials.isEmpty()) {
                throw noCredentials();
            }
            basic = true;
            return;
        }
        String realm = c.param("realm").orElseThrow(() -> PpctlException.environment(label()
                + " asked for a bearer token without naming its token endpoint (realm)", null, null));
        bearer = c;
        tokens.put(scope == null ? "" : scope, fetchToken(realm, c.param("service").orElse(null), scope));
    }

    /**
     * Trades the credentials for a token at the realm the registry named, and only there: the Basic credentials
     * (or the refresh token) go to that URL alone, never to the registry and never on to a redirect. As docker does,
     * the realm may be on another host (Docker Hub's is auth.docker.io); it must be https, except on loopback or,
     * for a registry configured insecure (plain HTTP), on the registry's own host.
     */
    private Token fetchToken(String realm, String service, String scope) throws Retry.TransientException, InterruptedException {
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw PpctlException.environment(label() + " names an invalid token endpoint: " + realm, null, null);
        }
        boolean plain = "http".equalsIgnoreCase(realmUri.getScheme());
        if (realmUri.getHost() == null || !"https".equalsIgnoreCase(realmUri.getScheme()) && !(plain
                && (DockerReference.isLoopback(String.valueOf(realmUri.getAuthority()))
                || registry.insecure() && realmUri.getHost().equalsIgnoreCase(RegistryHosts.hostname(registry.host()).replaceFirst(":\\d+$", ""))))) {
            throw PpctlException.environment(label() + " names the token endpoint " + realm
                    + ", which is not https; ppctl sends no credentials there", null, null);
        }
        Map<String, String> form = new LinkedHashMap<>();
        if (service != null) {
            form.put("service", service);
        }
        if (scope != null) {
            form.put("scope", scope);
        }
        HttpRequest request;
        Credentials creds = credentials.orElse(null);
        if (creds != null && creds.identityToken()) {
            // OAuth2 refresh-token grant, as docker does with an identity token (ACR, Docker Desktop logins).
            form.put("grant_type", "refresh_token");
            form.put("client_id", "ppctl");
            form.put("refresh_token", creds.secret());
            request = HttpRequest.newBuilder(realmUri).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
        } else {
            String query = encode(form);
            URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
            if (creds != null) {
                b.header("Authorization", creds.basicHeader());
            }
            request = b.build();
        }
        HttpResponse<byte[]> r = exchange(request, false, BoundedBody.LIMIT);
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw creds == null ? noCredentials() : refused(r);
        }
        transientStatus(r);
        if (r.statusCode() / 100 == 3) {
            String to = r.headers().firstValue("Location").map(l -> {
                try {
                    URI u = realmUri.resolve(l);
                    return ", a redirect to " + u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath();
                } catch (IllegalArgumentException e) {
                    return ", a redirect";
                }
            }).orElse("");
            throw PpctlException.environment("the token endpoint of " + label() + " answered " + r.statusCode() + to
                    + ", not followed: ppctl sends credentials only to the realm the registry named (" + realm + ")", null, null);
        }
        if (r.statusCode() != 200) {
            throw PpctlException.environment("the token endpoint of " + label() + " answered " + r.statusCode()
                    + errorText(r), null, null);
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            String token = n.path("token").asText("");
            if (token.isEmpty()) {
                token = n.path("access_token").asText("");
            }
            if (token.isEmpty()) {
                throw PpctlException.environment("the token endpoint of " + label() + " answered without a token", null, null);
            }
            long seconds = n.path("expires_in").asLong(0);
            Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_TOKEN_LIFETIME;
            return new Token(token, clock.instant().plus(lifetime));
        } catch (IOException e) {
            throw PpctlException.environment("the token endpoint of " + label() + " did not answer with JSON", null, null);
        }
    }

    private void transientStatus(HttpResponse<byte[]> r) throws Retry.TransientException {
        int s = r.statusCode();
        if (s == 429 || s >= 500) {
            throw new Retry.TransientException(r.request().method() + " " + r.request().uri().getPath() + " answered " + s
                    + errorText(r), retryAfter(r).orElse(null));
        }
    }

    private void expect(HttpResponse<byte[]> r, int status, String method, String reference) {
        if (r.statusCode() != status) {
            throw unexpected(r, method, ref(reference));
        }
    }

    private PpctlException unexpected(HttpResponse<byte[]> r, String method, String what) {
        return PpctlException.environment(label() + " answered " + r.statusCode() + " to " + method + " " + what
                + errorText(r), null, null);
    }

    private PpctlException refused(HttpResponse<byte[]> r) {
        if (credentials.isEmpty()) {
            return noCredentials();
        }
        return PpctlException.environment(label() + " refused " + credentials.get().describe() + " (" + r.statusCode()
                + errorText(r) + ")", "check the user name and the password or token; it may have expired", null);
    }

    /** Whether a 401 says the token was good but lacks the scope (RFC 6750 error="insufficient_scope"). */
    private static boolean insufficientScope(HttpResponse<byte[]> r) {
        return r.headers().allValues("WWW-Authenticate").stream().map(AuthChallenge::parse).flatMap(Optional::stream)
                .anyMatch(c -> c.param("error").filter("insufficient_scope"::equalsIgnoreCase).isPresent());
    }

    /** A 403, or a 401 insufficient_scope: the account may not do this. Anonymous: log in first. */
    private PpctlException denied(HttpResponse<byte[]> r, String scope) {
        if (credentials.isEmpty()) {
            return noCredentials();
        }
        boolean push = scope != null && scope.endsWith("push");
        return PpctlException.environment(label() + " does not let " + who() + (push ? " push to " : " read ")
                + registry.repository() + ": " + (scope == null ? "" : "the scope " + scope + " was not granted ") + "("
                + r.statusCode() + errorText(r) + ")", push ? "use an account that may push to " + registry.repository()
                + ", or ask for push access to it" : "check that the account may read " + registry.repository(), null);
    }

    private String who() {
        return credentials.map(Credentials::describe).orElse("anonymous access");
    }

    private PpctlException noCredentials() {
        return PpctlException.environment(label() + " requires credentials and none were found",
                CredentialResolver.howToLogIn(registry), null);
    }

    private PpctlException unreachable(HttpRequest request, String why, Throwable cause, String hint) {
        return PpctlException.environment("cannot reach " + label() + " at " + request.uri().getScheme() + "://"
                + request.uri().getAuthority() + ": " + why, hint, cause);
    }

    private PpctlException unreachable(HttpRequest request, ConnectFailure failure, Throwable cause) {
        if (failure.kind() == ConnectFailure.Kind.UNRESOLVED) {
            return PpctlException.environment(failure.why() + " (" + label() + ", at " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + ")", failure.hint(), cause);
        }
        return PpctlException.environment("cannot reach " + label() + " at " + request.uri().getScheme() + "://"
                + request.uri().getAuthority() + ": " + failure.why(), failure.hint(), cause);
    }

    /** The registry's own error text: ": UNAUTHORIZED authentication required", or nothing. */
    static String errorText(HttpResponse<byte[]> r) {
        byte[] body = r.body();
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                JsonNode e = errors.get(0);
                return ": " + (e.path("code").asText("") + " " + e.path("message").asText("")).trim();
            }
        } catch (IOException notJson) {
            // fall through: many proxies answer errors with HTML
        }
        return "";
    }

    static Optional<Duration> retryAfter(HttpResponse<?> r) {
        Optional<String> v = r.headers().firstValue("Retry-After");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(java.time.Instant.now(), ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException ignored) {
                return Optional.empty();
            }
        }
    }

    private static String encode(Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        form.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
