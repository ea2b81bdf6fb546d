package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real registry on 127.0.0.1, its storage in a temporary folder: Debian's docker-registry (distribution 2.8) with
 * htpasswd basic auth, or the distribution v3 registry built by the installer with {@code auth: token} and a
 * {@link TokenServer}. Close it to stop it and delete everything it stored.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String USER = "ppctl";
    private volatile String password;
    private final Path dir;
    private final int port;
    private final TokenServer tokens;
    private final String realm;
    private Process process;
    private FaultProxy craneFront;

    private TestRegistry(String password, Path dir, int port, TokenServer tokens, String realm) {
        this.password = password;
        this.dir = dir;
        this.port = port;
        this.tokens = tokens;
        this.realm = realm;
    }

    /** Starts a registry on a free loopback port, with user {@link #USER} and the given password. */
    public static TestRegistry start(String password) {
        return start(new TestRegistry(password, TestDocker.tempDir("ppctl-registry"), freePort(), null, null));
    }

    /**
     * Starts the real distribution v3 registry with token auth: it trusts {@code tokens}' certificate and names
     * {@code realm} in its Bearer challenges (normally {@code tokens.realm()}; another one for realm tests).
     */
    public static TestRegistry startWithTokens(TokenServer tokens, String realm) {
        return start(new TestRegistry(null, TestDocker.tempDir("ppctl-registry"), freePort(), tokens, realm));
    }

    public static TestRegistry startWithTokens(TokenServer tokens) {
        return startWithTokens(tokens, tokens.realm());
    }

    private static TestRegistry start(TestRegistry r) {
        try {
            r.writeConfig(r.password);
            r.startProcess();
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return r;
    }

    /**
     * host:port where crane reaches this registry: the registry itself, or with token auth a proxy in front of it that
     * also serves the token realm ({@link FaultProxy#servingRealm}), which crane requires.
     */
    public synchronized String craneHost() {
        if (tokens == null) {
            return host();
        }
        if (craneFront == null) {
            craneFront = FaultProxy.start(host()).servingRealm(realm);
        }
        return craneFront.host();
    }

    /** host:port, as used in repository names: 127.0.0.1:5123. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** Changes the accepted password (as an expired or rotated credential does), restarting the registry. */
    public void changePassword(String newPassword) throws IOException {
        stop();
        writeConfig(newPassword);
        password = newPassword;
        startProcess();
    }

    /** Stops the registry process (SIGKILL when {@code hard}); the stored content stays for a restart. */
    public void stop(boolean hard) {
        if (process != null && process.isAlive()) {
            if (hard) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void stop() {
        stop(false);
    }

    public void restart() throws IOException {
        stop();
        startProcess();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** The manifest digest the registry serves for repository:tag, or empty on 404. */
    public Optional<String> digest(String repository, String tag) {
        HttpResponse<String> r = get("/v2/" + repository + "/manifests/" + tag, true);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("registry answered " + r.statusCode() + " for " + repository + ":" + tag + ": " + r.body());
        }
        return r.headers().firstValue("Docker-Content-Digest");
    }

    /** The tag list of a repository as the registry's JSON answer ({"name":..,"tags":[..]}), or empty on 404. */
    public Optional<String> tagsJson(String repository) {
        HttpResponse<String> r = get("/v2/" + repository + "/tags/list", false);
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(r.body());
    }

    /** GETs a path of the Registry API with the test credentials. */
    public HttpResponse<String> get(String path, boolean manifestAccept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", authorization(path));
        if (manifestAccept) {
            b.header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, "
                    + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.index.v1+json");
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The status a HEAD on a path of the Registry API answers, with the test credentials. */
    public int head(String path) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + host() + path)).timeout(Duration.ofSeconds(10))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", authorization(path)).build();
        try {
            return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Writes {@code dir}/config.json logging {@code host} (this registry, or a proxy in front of it) in with the test
     * credentials, for tools that read DOCKER_CONFIG (cosign, crane, ppctl verify); returns {@code dir}.
     */
    public Path dockerConfig(Path dir, String host) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\""
                    + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test's own credentials for a Registry API path: the password, or a token for the path's repository. */
    private String authorization(String path) {
        if (tokens == null) {
            return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^/v2/(.+)/(manifests|blobs|tags)/").matcher(path);
        return "Bearer " + tokens.adminToken(m.find() ? m.group(1) : "");
    }

    /** Where the registry keeps blobs and manifests, for "nothing half-pushed" checks. */
    public Path storage() {
        return dir.resolve("data");
    }

    @Override
    public void close() {
        synchronized (this) {
            if (craneFront != null) {
                craneFront.close();
                craneFront = null;
            }
        }
        stop(true);
        TestProject.deleteTree(dir);
    }

    private void writeConfig(String pw) throws IOException {
        Files.createDirectories(storage());
        String auth;
        if (tokens != null) {
            auth = String.join("\n", "  token:", "    realm: \"" + realm + "\"", "    service: " + TokenServer.SERVICE,
                    "    issuer: " + TokenServer.ISSUER, "    rootcertbundle: " + tokens.rootCertBundle());
        } else {
            Files.writeString(dir.resolve("htpasswd"), htpasswd(pw) + "\n");
            auth = "  htpasswd: {realm: ppctl-test, path: " + dir.resolve("htpasswd") + "}";
        }
        Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "version: 0.1",
                tokens != null ? "log: {level: info, accesslog: {disabled: true}}" : "log: {level: error}",
                "storage:",
                "  filesystem: {rootdirectory: " + storage() + "}",
                "  delete: {enabled: true}",
                "http: {addr: \"127.0.0.1:" + port + "\"}",
                "auth:",
                auth,
                ""));
    }

    private static String htpasswd(String pw) throws IOException {
        Process h = new ProcessBuilder("htpasswd", "-iBn", USER).redirectErrorStream(false).start();
        h.getOutputStream().write(pw.getBytes(StandardCharsets.UTF_8));
        h.getOutputStream().close();
        String line = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (h.waitFor() != 0 || line.isEmpty()) {
                throw new IOException("htpasswd failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return line;
    }

    private void startProcess() throws IOException {
        String binary = tokens == null ? "docker-registry" : RealTools.binary("registry").toString();
        process = new ProcessBuilder(binary, "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException(binary + " exited: " + Files.readString(dir.resolve("registry.log")));
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException(binary + " did not listen on " + port + " within 10 s");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
