package io.ppctl.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;

import java.net.URI;

/**
 * Readies the Docker client's code on a second thread while the main thread parses the command line, reads the
 * config and asks git: in a fresh JVM, connecting spends most of its time running docker-java's, Jackson's and the
 * HTTP client's set-up code for the first time, not talking to the daemon. This builds a client for a socket that
 * does not exist and reads sample answers with docker-java's JSON mapper, so the real connection later finds
 * that work done. It never contacts a daemon, and what it builds is thrown away (the real connection reads the
 * settings itself); any failure is ignored (the real connection then simply does that work).
 */
public final class DockerWarmUp {
    private static final URI NOWHERE = URI.create("unix:///nonexistent/ppctl-warm-up.sock");
    private static final String VERSION = "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\","
            + "\"GitCommit\":\"5d6db84\",\"GoVersion\":\"go1.19.8\",\"Os\":\"linux\",\"Arch\":\"amd64\"}";
    private static final String IMAGE = "{\"Id\":\"sha256:0\",\"RepoTags\":[],\"Size\":0,\"Config\":{\"Labels\":{}},"
            + "\"RootFS\":{\"Type\":\"layers\",\"Layers\":[]}}";

    private DockerWarmUp() {}

    /** The warm-up itself; false when some part failed (the real connection then does that part). */
    public static boolean run() {
        try {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(NOWHERE.toString()).withDockerTlsVerify(false).build();
            try (DockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(NOWHERE)
                    .sslConfig(DeferredTls.SSL_CONFIG).build()) {
                DockerClient client = DockerClientImpl.getInstance(config, http);
                client.versionCmd();
                client.inspectImageCmd("warm-up");
                ObjectMapper json = config.getObjectMapper();
                json.readValue(VERSION, Version.class);
                json.readValue(IMAGE, InspectImageResponse.class);
            }
            return true;
        } catch (Exception | LinkageError e) {
            // Only a head start: the real connection does whatever this could not.
            return false;
        }
    }
}
