package io.ppctl.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.ppctl.core.PpctlException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place that builds a docker-java client. It honours DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,
 * DOCKER_CONFIG and the active docker context (DOCKER_CONTEXT or currentContext in config.json), asks the daemon
 * once which API versions it speaks, and settles on the newest one both sides know.
 */
public final class DockerClientFactory {
    /** Newest API docker-java 3.7 models; newer daemons still answer it. */
    static final RemoteApiVersion NEWEST_KNOWN = RemoteApiVersion.parseConfig("1.47");
    /** Docker 20.10; older daemons lack what ppctl uses. */
    static final RemoteApiVersion OLDEST_SUPPORTED = RemoteApiVersion.VERSION_1_41;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    // With JVM start-up, an unreachable daemon is reported well within 5 s of the user pressing enter.
    static final Duration PING_TIMEOUT = Duration.ofMillis(3000);
    /** A live daemon answers /_ping in milliseconds; a silent one is still reported within 5 s in all. */
    static final Duration SECOND_PING_TIMEOUT = Duration.ofMillis(1000);
    /** For a daemon that answers its ping but is slow with the version (Podman under load). */
    static final Duration SLOW_ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** Where the warm-up's client points: a socket that does not exist, so it can never reach a daemon. */
    private static final String NOWHERE = "unix:///nonexistent/ppctl-warm-up.sock";
    private static final String SAMPLE_VERSION = "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\","
            + "\"GitCommit\":\"5d6db84\",\"GoVersion\":\"go1.19.8\",\"Os\":\"linux\",\"Arch\":\"amd64\"}";
    private static final String SAMPLE_IMAGE = "{\"Id\":\"sha256:0\",\"RepoTags\":[],\"Size\":0,\"Config\":{\"Labels\":{}},"
            + "\"RootFS\":{\"Type\":\"layers\",\"Layers\":[]}}";

    private DockerClientFactory() {}

    /**
     * Readies the client's code on a second thread while the main thread parses the command line, reads the config
     * and asks git: in a fresh JVM, connecting spends most of its time running docker-java's, Jackson's and the HTTP
     * client's set-up code for the first time, not talking to the daemon. This builds a client the way
     * {@link #connect} does, for a socket that does not exist, and reads sample answers with docker-java's JSON
     * mapper, so the real connection later finds that work done. It never contacts a daemon and what it builds is
     * thrown away; any failure is ignored (the real connection then simply does that work). False when a part failed.
     */
    public static boolean warmUp() {
        try {
            DockerClientConfig config = config(Map.of("DOCKER_HOST", NOWHERE, "DOCKER_TLS_VERIFY", "0"));
            try (DockerHttpClient http = httpClient(config)) {
                DockerClient client = DockerClientImpl.getInstance(config, http);
                client.versionCmd();
                client.inspectImageCmd("warm-up");
                ObjectMapper json = config.getObjectMapper();
                json.readValue(SAMPLE_VERSION, Version.class);
                json.readValue(SAMPLE_IMAGE, InspectImageResponse.class);
            }
            return true;
        } catch (Exception | LinkageError e) {
            // Only a head start: the real connection does whatever this could not.
            return false;
        }
    }

    /**
     * Connects, checks the daemon answers within {@link #PING_TIMEOUT}, negotiates the API version.
     * <p>
     * One HTTP client and one connection serve both the version question and the session: the unversioned client
     * that asks {@code GET /version} (one round trip; it proves the daemon answers, as a ping would) and the session's
     * client, which speaks the negotiated version, share it. The Docker settings (DOCKER_HOST, contexts, config.json)
     * are read once. Measured in a fresh JVM, this halves the cost of connecting (bench/README.md).
     */
    public static DockerSession connect(Map<String, String> env) {
        DockerClientConfig config = config(env);
        String host = config.getDockerHost().toString();
        DockerHttpClient http = httpClient(config);
        Version version;
        try {
            DockerClient unversioned = DockerClientImpl.getInstance(config, http);
            version = bounded(host, () -> unversioned.versionCmd().exec(), () -> unversioned.pingCmd().exec());
        } catch (RuntimeException e) {
            closeQuietly(http);
            throw e;
        }
        RemoteApiVersion negotiated;
        try {
            negotiated = negotiate(version.getApiVersion(), version.getMinAPIVersion());
        } catch (IllegalStateException e) {
            closeQuietly(http);
            throw PpctlException.environment("the Docker daemon at " + host + " speaks API " + version.getApiVersion()
                    + " (Docker " + version.getVersion() + "); ppctl needs API 1.41 (Docker 20.10) or newer", "upgrade Docker", null);
        }
        DockerClient client = DockerClientImpl.getInstance(new NegotiatedConfig(config, negotiated), http);
        return new DockerSession(client, host, version, negotiated.getVersion());
    }

    /**
     * The API version to speak, from what {@code /version} (asked without a version, which every daemon answers)
     * says: the newest one docker-java models when the daemon's range holds it, else the daemon's newest. Docker 20.10
     * speaks 1.12 to 1.41 (gets 1.41), Docker 29.0 to 29.2 1.44 to 1.52 and 29.3+ 1.40 to 1.5x (get 1.47, above their
     * minimum), Podman 4.3 up to 1.41. Throws IllegalStateException for a daemon older than {@link #OLDEST_SUPPORTED}.
     */
    static RemoteApiVersion negotiate(String daemonMaxVersion, String daemonMinVersion) {
        RemoteApiVersion daemonMax = RemoteApiVersion.parseConfig(daemonMaxVersion);
        RemoteApiVersion daemonMin = daemonMinVersion == null || daemonMinVersion.isBlank() ? OLDEST_SUPPORTED
                : RemoteApiVersion.parseConfig(daemonMinVersion);
        if (!daemonMax.isGreaterOrEqual(OLDEST_SUPPORTED)) {
            throw new IllegalStateException("API " + daemonMaxVersion + " is older than " + OLDEST_SUPPORTED.getVersion());
        }
        return daemonMax.isGreater(NEWEST_KNOWN) && NEWEST_KNOWN.isGreaterOrEqual(daemonMin) ? NEWEST_KNOWN : daemonMax;
    }

    static DockerClientConfig config(Map<String, String> env) {
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder();
        // Explicit values from our env map (tests pass their own), so the process environment is not the only source.
        setIfPresent(env, "DOCKER_HOST", b::withDockerHost);
        setIfPresent(env, "DOCKER_CONTEXT", b::withDockerContext);
        setIfPresent(env, "DOCKER_CERT_PATH", b::withDockerCertPath);
        setIfPresent(env, "DOCKER_CONFIG", b::withDockerConfig);
        String tls = env.get("DOCKER_TLS_VERIFY");
        if (tls != null) {
            b.withDockerTlsVerify(!tls.isEmpty() && !tls.equals("0") && !tls.equalsIgnoreCase("false"));
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw PpctlException.usage("invalid Docker connection settings: " + DockerErrors.rootMessage(e)
                    + " (check DOCKER_HOST, DOCKER_CERT_PATH and the docker context)");
        }
    }

    private static DockerHttpClient httpClient(DockerClientConfig config) {
        com.github.dockerjava.transport.SSLConfig ssl = config.getSSLConfig();
        if (ssl == null && DeferredTls.unneededFor(config.getDockerHost())) {
            ssl = DeferredTls.SSL_CONFIG;
        }
        // No response timeout on purpose: it is a socket read timeout and would kill silent builds and log follows.
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(ssl)
                .maxConnections(64)
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
    }

    private static void closeQuietly(DockerHttpClient http) {
        try {
            http.close();
        } catch (java.io.IOException | RuntimeException ignored) {
            // nothing was sent on it that needs finishing
        }
    }

    /**
     * {@code call}'s answer within {@link #PING_TIMEOUT}; when it is late, {@code ping} (on a second connection) tells a
     * daemon that is gone from one that is only slow to answer {@code call}: Podman computes its whole system info for
     * {@code /version}, 1.5 to 2.6 s on a loaded 2-core machine (measured), while its {@code /_ping} takes milliseconds.
     * A daemon that answers the ping within {@link #SECOND_PING_TIMEOUT} gets {@link #SLOW_ANSWER_TIMEOUT} more.
     */
    private static <T> T bounded(String host, java.util.concurrent.Callable<T> call, Runnable ping) {
        FutureTask<T> task = start(call);
        Duration waited = PING_TIMEOUT;
        try {
            try {
                return task.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException late) {
                waited = PING_TIMEOUT.plus(SECOND_PING_TIMEOUT);
                FutureTask<Boolean> pinged = start(() -> {
                    ping.run();
                    return true;
                });
                try {
                    pinged.get(SECOND_PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    pinged.cancel(true);
                    throw late;
                }
                waited = PING_TIMEOUT.plus(SLOW_ANSWER_TIMEOUT);
                return task.get(SLOW_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            task.cancel(true);
            throw PpctlException.environment("the Docker daemon at " + host + " did not answer within "
                    + waited.toMillis() / 1000.0 + " s", DockerErrors.DAEMON_HINT, null);
        } catch (ExecutionException e) {
            throw PpctlException.environment("cannot reach the Docker daemon at " + host + ": "
                    + DockerErrors.rootMessage(e.getCause()), DockerErrors.DAEMON_HINT, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        }
    }

    private static <T> FutureTask<T> start(java.util.concurrent.Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, "ppctl-docker-ping");
        t.setDaemon(true);
        t.start();
        return task;
    }

    private static void setIfPresent(Map<String, String> env, String key, java.util.function.Consumer<String> setter) {
        String v = env.get(key);
        if (v != null && !v.isBlank()) {
            setter.accept(v);
        }
    }
}
