package io.ppctl.docker;

import com.github.dockerjava.api.DockerClient;
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

    private DockerClientFactory() {}

    /** Connects, checks the daemon answers within {@link #PING_TIMEOUT}, negotiates the API version. */
    public static DockerSession connect(Map<String, String> env) {
        DockerClientConfig probeConfig = config(env, null);
        String host = probeConfig.getDockerHost().toString();
        Version version;
        try (DockerClient probe = client(probeConfig)) {
            version = bounded(host, () -> {
                probe.pingCmd().exec();
                return probe.versionCmd().exec();
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        RemoteApiVersion daemonMax = RemoteApiVersion.parseConfig(version.getApiVersion());
        RemoteApiVersion daemonMin = version.getMinAPIVersion() == null ? OLDEST_SUPPORTED
                : RemoteApiVersion.parseConfig(version.getMinAPIVersion());
        if (!daemonMax.isGreaterOrEqual(OLDEST_SUPPORTED)) {
            throw PpctlException.environment("the Docker daemon at " + host + " speaks API " + version.getApiVersion()
                    + " (Docker " + version.getVersion() + "); ppctl needs API 1.41 (Docker 20.10) or newer", "upgrade Docker", null);
        }
        RemoteApiVersion negotiated = daemonMax.isGreater(NEWEST_KNOWN) && NEWEST_KNOWN.isGreaterOrEqual(daemonMin)
                ? NEWEST_KNOWN : daemonMax;
        DockerClientConfig config = config(env, negotiated);
        return new DockerSession(client(config), host, version, negotiated.getVersion());
    }

    static DockerClientConfig config(Map<String, String> env, RemoteApiVersion apiVersion) {
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
        if (apiVersion != null) {
            b.withApiVersion(apiVersion);
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw PpctlException.usage("invalid Docker connection settings: " + DockerErrors.rootMessage(e)
                    + " (check DOCKER_HOST, DOCKER_CERT_PATH and the docker context)");
        }
    }

    private static DockerClient client(DockerClientConfig config) {
        // No response timeout on purpose: it is a socket read timeout and would kill silent builds and log follows.
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    private static <T> T bounded(String host, java.util.concurrent.Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, "ppctl-docker-ping");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw PpctlException.environment("the Docker daemon at " + host + " did not answer within "
                    + PING_TIMEOUT.toMillis() / 1000.0 + " s", DockerErrors.DAEMON_HINT, null);
        } catch (ExecutionException e) {
            throw PpctlException.environment("cannot reach the Docker daemon at " + host + ": "
                    + DockerErrors.rootMessage(e.getCause()), DockerErrors.DAEMON_HINT, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        }
    }

    private static void setIfPresent(Map<String, String> env, String key, java.util.function.Consumer<String> setter) {
        String v = env.get(key);
        if (v != null && !v.isBlank()) {
            setter.accept(v);
        }
    }
}
