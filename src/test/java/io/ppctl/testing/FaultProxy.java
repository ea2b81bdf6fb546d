package io.ppctl.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on 127.0.0.1 in front of a real registry that answers chosen requests with an error (500, 429 with
 * Retry-After, ...) a given number of times and forwards everything else unchanged, streaming bodies both ways.
 * Requests are told apart by who sends them: the engine (User-Agent docker/... or Podman's containers/...) pushing layers and manifests,
 * or ppctl's own Registry API client. The registry builds its Location headers from X-Forwarded-Host, so uploads
 * keep going through the proxy. Every request is logged as "who METHOD path status" (injected answers end in "*").
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "date");

    /** Who sends a request. */
    public enum From { DAEMON, PPCTL, ANYONE }

    private record Rule(From from, String method, Pattern path, int status, String retryAfter, AtomicInteger left) {
        boolean matches(From who, String m, String p) {
            return (from == From.ANYONE || from == who) && method.equals(m) && path.matcher(p).find() && left.get() > 0;
        }
    }

    private final HttpServer server;
    private final ServerSocket front;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final String upstream;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Delay> delays = new CopyOnWriteArrayList<>();
    private volatile URI realm;

    private record Delay(From from, String method, Pattern path, Duration hold, AtomicInteger left) {}

    private volatile ReferrersApi referrersApi;
    private record Hook(From from, Pattern method, Pattern path, Runnable action, AtomicInteger left) {}

    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private volatile boolean closeWhileDown;

    private FaultProxy(HttpServer server, ServerSocket front, String upstream) {
        this.server = server;
        this.front = front;
        this.upstream = upstream;
    }

    /** A proxy on a free loopback port in front of {@code upstreamHost} (host:port). */
    public static FaultProxy start(String upstreamHost) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            ServerSocket front = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(server, front, upstreamHost);
            server.createContext("/", proxy::handle);
            server.setExecutor(proxy.threads);
            server.start();
            proxy.threads.execute(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves the token realm the registry names on the proxy's own address too: requests for the realm's path go to the
     * token server, and the realm in the registry's Bearer challenges is rewritten to point here. For crane, whose
     * go-containerregistry refuses a realm on a loopback or private IP literal unless it is the registry's own
     * host:port (its SSRF guard, google/go-containerregistry#2258); crane still gets its tokens from the real token
     * server with its own account.
     */
    public FaultProxy servingRealm(String realmUrl) {
        realm = URI.create(realmUrl);
        return this;
    }

    /** host:port of the proxy, for repository names. */
    public String host() {
        return "127.0.0.1:" + front.getLocalPort();
    }

    /**
     * The next {@code times} requests from {@code from} with {@code method} and a path matching {@code pathRegex} get
     * {@code status} (and the Retry-After header when {@code retryAfter} is not null) instead of the registry's answer.
     */
    public FaultProxy fail(From from, String method, String pathRegex, int status, String retryAfter, int times) {
        rules.add(new Rule(from, method, Pattern.compile(pathRegex), status, retryAfter, new AtomicInteger(times)));
        return this;
    }

    /**
     * Holds the registry's answer to the next {@code times} matching requests for {@code wait} before passing it on:
     * the request has reached the registry, so the client's next request comes that much later (a slow push).
     */
    public FaultProxy delayAnswer(From from, String method, String pathRegex, Duration wait, int times) {
        delays.add(new Delay(from, method, Pattern.compile(pathRegex), wait, new AtomicInteger(times)));
        return this;
    }

    /**
     * From now on the proxy serves the OCI 1.1 referrers API the registry behind it lacks (see {@link ReferrersApi}):
     * it answers manifest PUTs that name a subject with OCI-Subject and lists referrers; returns what it noted.
     */
    public ReferrersApi serveReferrersApi() {
        referrersApi = new ReferrersApi();
        return referrersApi;
    }

    /**
     * Runs {@code action} once, on the thread of the first request from {@code from} whose method and path match,
     * before that request is forwarded: a registry-side event at a chosen moment of a push (the daemon's first blob
     * upload, say), whatever the engine's push stream reports.
     */
    public FaultProxy onFirst(From from, String methodRegex, String pathRegex, Runnable action) {
        hooks.add(new Hook(from, Pattern.compile(methodRegex), Pattern.compile(pathRegex), action, new AtomicInteger(1)));
        return this;
    }

    /**
     * From now on, a request the registry does not take (it is down) gets its connection closed without an answer,
     * as a client connected to the registry itself sees its death, instead of the 502 a load balancer would answer.
     */
    public FaultProxy closeConnectionsWhileDown() {
        closeWhileDown = true;
        return this;
    }

    /** "who METHOD path scheme" of every request, scheme being the Authorization's (basic, bearer) or none. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Forgets every fault not yet answered. */
    public void heal() {
        rules.clear();
        delays.clear();
        hooks.clear();
    }

    /** Forgets the faults and the log (between tests). */
    public void reset() {
        heal();
        log.clear();
        authorizations.clear();
    }

    public List<String> log() {
        return List.copyOf(log);
    }

    /** How many answers were injected. */
    public long injected() {
        return log.stream().filter(l -> l.endsWith("*")).count();
    }

    @Override
    public void close() {
        try {
            front.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        server.stop(0);
        threads.shutdownNow();
    }

    /**
     * The daemon tries HTTPS first on a loopback registry and falls back to HTTP when that fails. A registry answers a
     * TLS hello on its plain port at once; the JDK's HttpServer would wait 10 s for a request line. So connections are
     * accepted here: one that starts with a TLS handshake record (0x16) gets the answer of a plain HTTP server (see
     * {@link #answerTlsHello}), any other is relayed to the server.
     */
    private void accept() {
        while (!front.isClosed()) {
            try {
                Socket client = front.accept();
                threads.execute(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket inner = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            int first = client.getInputStream().read();
            if (first < 0) {
                return;
            }
            if (first == 0x16) {
                answerTlsHello(client);
                return;
            }
            inner.getOutputStream().write(first);
            java.util.concurrent.Future<?> back = threads.submit(() -> copy(inner, client));
            copy(client, inner);
            back.get();
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException ignored) {
            // one side went away: so does the other
        }
    }

    /**
     * What Go's net/http answers a TLS ClientHello on a plain port: a 400 in HTTP. Docker 20.10 falls back to plain
     * HTTP on any handshake failure; containerd's resolver (Docker 29 on its image store, core/remotes/docker/resolver.go
     * isTLSError) only when the answer's first five bytes are "HTTP/", and on a bare close (EOF) gives up. The hello is
     * read first and the client's own close awaited, so that no unread byte turns the close into a reset that could
     * drop the answer.
     */
    private static void answerTlsHello(Socket client) throws IOException {
        client.setSoTimeout(5000);
        InputStream in = client.getInputStream();
        byte[] header = in.readNBytes(4);
        if (header.length == 4) {
            in.skipNBytes(Math.min(in.available(), ((header[2] & 0xff) << 8) | (header[3] & 0xff)));
        }
        OutputStream out = client.getOutputStream();
        out.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        client.shutdownOutput();
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away first, or kept silent for 5 s: closing anyway
        }
    }

    /** Copies until {@code from} ends, then ends {@code to} (the other direction goes on until its own end). */
    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String agent = String.valueOf(ex.getRequestHeaders().getFirst("User-Agent"));
            // Docker sends "docker/29.8.1 go/...", Podman "containers/5.23.1 (github.com/containers/image)".
            From who = agent.startsWith("docker/") || agent.startsWith("containers/") ? From.DAEMON : From.PPCTL;
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(who.name().toLowerCase(Locale.ROOT) + " " + method + " " + path + " "
                    + (auth == null ? "none" : auth.split(" ", 2)[0].toLowerCase(Locale.ROOT)));
            Rule rule = rules.stream().filter(r -> r.matches(who, method, path)).findFirst().orElse(null);
            if (rule != null && rule.left().getAndDecrement() > 0) {
                inject(ex, rule);
                log.add(who.name().toLowerCase(Locale.ROOT) + " " + method + " " + path + " " + rule.status() + "*");
                return;
            }
            ReferrersApi api = referrersApi;
            if (api != null && ReferrersApi.isReferrersGet(method, path)) {
                api.answer(ex, path, ex.getRequestURI().getRawQuery());
                log.add(who.name().toLowerCase(Locale.ROOT) + " " + method + " " + path + " 200 (referrers API)");
                return;
            }
            hooks.stream().filter(h -> (h.from() == From.ANYONE || h.from() == who) && h.method().matcher(method).matches()
                    && h.path().matcher(path).find() && h.left().getAndDecrement() > 0).findFirst().ifPresent(h -> {
                        log.add(who.name().toLowerCase(Locale.ROOT) + " " + method + " " + path + " hook");
                        h.action().run();
                    });
            long start = System.nanoTime();
            Delay delay = delays.stream().filter(d -> (d.from() == From.ANYONE || d.from() == who) && d.method().equals(method)
                    && d.path().matcher(path).find() && d.left().getAndDecrement() > 0).findFirst().orElse(null);
            int status = api != null && ReferrersApi.isManifestPut(method, path)
                    ? forwardManifestPut(ex, api, path, delay == null ? Duration.ZERO : delay.hold())
                    : forward(ex, method, delay == null ? Duration.ZERO : delay.hold());
            log.add(who.name().toLowerCase(Locale.ROOT) + " " + method + " " + path + " " + status + " "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (IOException | RuntimeException e) {
            log.add("proxy error " + e);
            throw e;
        }
    }

    private static void inject(HttpExchange ex, Rule rule) throws IOException {
        ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        String code = rule.status() == 429 ? "TOOMANYREQUESTS" : "UNAVAILABLE";
        // The status in the message too: Docker 29 on the containerd store reports only the message.
        byte[] body = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"injected by the test's fault proxy ("
                + rule.status() + ")\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (rule.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", rule.retryAfter());
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(rule.status(), -1);
        } else {
            ex.sendResponseHeaders(rule.status(), body.length);
            ex.getResponseBody().write(body);
        }
    }

    /** A manifest PUT, its body read whole (a manifest is small) so that a stored one with a subject gets OCI-Subject. */
    private int forwardManifestPut(HttpExchange ex, ReferrersApi api, String path, Duration hold) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        return forward(ex, "PUT", hold, body, status -> status == 201 ? api.stored(path, body, type) : Optional.empty());
    }

    private int forward(HttpExchange ex, String method, Duration hold) throws IOException {
        return forward(ex, method, hold, null, status -> Optional.empty());
    }

    /**
     * @param buffered the request body when already read, else null (streamed)
     * @param subject  the OCI-Subject header to add to the answer of a given status, if any
     */
    private int forward(HttpExchange ex, String method, Duration hold, byte[] buffered,
                        java.util.function.IntFunction<Optional<String>> subject) throws IOException {
        URI uri = ex.getRequestURI();
        URI tokens = realm;
        String target = tokens != null && uri.getRawPath().equals(tokens.getRawPath())
                ? tokens.getScheme() + "://" + tokens.getRawAuthority() : "http://" + upstream;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))).timeout(Duration.ofSeconds(60));
        ex.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        b.header("X-Forwarded-Host", host()).header("X-Forwarded-Proto", "http");
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        HttpRequest.BodyPublisher body;
        if (buffered != null) {
            body = HttpRequest.BodyPublishers.ofByteArray(buffered);
        } else if (length != null && Long.parseLong(length) == 0 || length == null && !chunked(ex)) {
            body = HttpRequest.BodyPublishers.noBody();
        } else {
            HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody);
            body = length == null ? stream : HttpRequest.BodyPublishers.fromPublisher(stream, Long.parseLong(length));
        }
        HttpResponse<InputStream> r;
        try {
            r = client.send(b.method(method, body).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (IOException e) {
            if (closeWhileDown) {
                // Thrown before any answer: the server closes the connection (the client reads EOF or a reset).
                throw new IOException("the registry is down: connection closed", e);
            }
            // The registry is down: what a load balancer in front of it would answer.
            ex.sendResponseHeaders(502, -1);
            return 502;
        }
        if (!hold.isZero()) {
            try {
                Thread.sleep(hold.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        r.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                List<String> copy = new ArrayList<>(values);
                if (tokens != null && name.equalsIgnoreCase("Www-Authenticate")) {
                    copy.replaceAll(v -> v.replace("realm=\"" + tokens + "\"", "realm=\"http://" + host() + tokens.getRawPath() + "\""));
                }
                ex.getResponseHeaders().put(name, copy);
            }
        });
        subject.apply(r.statusCode()).ifPresent(d -> ex.getResponseHeaders().set("OCI-Subject", d));
        long contentLength = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = r.body()) {
            if (method.equals("HEAD") || r.statusCode() == 204 || r.statusCode() == 304) {
                if (contentLength >= 0 && r.statusCode() != 204) {
                    ex.getResponseHeaders().set("Content-Length", Long.toString(contentLength));
                }
                ex.sendResponseHeaders(r.statusCode(), -1);
            } else if (contentLength == 0) {
                ex.sendResponseHeaders(r.statusCode(), -1);
            } else {
                ex.sendResponseHeaders(r.statusCode(), Math.max(contentLength, 0));
                in.transferTo(ex.getResponseBody());
            }
        }
        return r.statusCode();
    }

    private static boolean chunked(HttpExchange ex) {
        String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }
}
