package io.ppctl.docker;

import org.junit.jupiter.api.Test;

import static io.ppctl.docker.ImagePusher.FailureKind.AUTH;
import static io.ppctl.docker.ImagePusher.FailureKind.PERMANENT;
import static io.ppctl.docker.ImagePusher.FailureKind.TRANSIENT;
import static io.ppctl.docker.ImagePusher.classify;
import static org.assertj.core.api.Assertions.assertThat;

/** Push errors as Docker 20.10 reports them in the push stream (recorded against docker-registry and public registries). */
class ImagePusherTest {

    @Test
    void authenticationProblemsAreNotRetried() {
        assertThat(classify("unauthorized: authentication required")).isEqualTo(AUTH);
        assertThat(classify("denied: requested access to the resource is denied")).isEqualTo(AUTH);
        assertThat(classify("unauthorized: incorrect username or password")).isEqualTo(AUTH);
        assertThat(classify("denied: Permission \"artifactregistry.repositories.uploadArtifacts\" denied on resource")).isEqualTo(AUTH);
    }

    @Test
    void brokenConnectionsServerErrorsAndRateLimitsAreTransient() {
        assertThat(classify("dial tcp 127.0.0.1:5791: connect: connection refused")).isEqualTo(TRANSIENT);
        assertThat(classify("Get \"http://127.0.0.1:5791/v2/\": dial tcp 127.0.0.1:5791: connect: connection refused")).isEqualTo(TRANSIENT);
        assertThat(classify("Patch \"https://ghcr.io/v2/acme/pp/blobs/uploads/x\": read tcp 10.0.0.2:51234->140.82.112.33:443: read: connection reset by peer"))
                .isEqualTo(TRANSIENT);
        assertThat(classify("Put \"https://ghcr.io/v2/acme/pp/manifests/v1\": EOF")).isEqualTo(TRANSIENT);
        assertThat(classify("received unexpected HTTP status: 503 Service Unavailable")).isEqualTo(TRANSIENT);
        assertThat(classify("received unexpected HTTP status: 500 Internal Server Error")).isEqualTo(TRANSIENT);
        assertThat(classify("toomanyrequests: You have reached your pull rate limit.")).isEqualTo(TRANSIENT);
        assertThat(classify("net/http: TLS handshake timeout")).isEqualTo(TRANSIENT);
        // Docker 29 (containerd) when the registry's connection closes during an upload.
        assertThat(classify("failed to copy: failed to do request: Put \"http://127.0.0.1:36065/v2/x/blobs/uploads/u?digest=sha256%3A1d\": "
                + "readfrom tcp 127.0.0.1:53088->127.0.0.1:36065: write tcp 127.0.0.1:53088->127.0.0.1:36065: use of closed network connection"))
                .isEqualTo(TRANSIENT);
    }

    @Test
    void everythingElseIsPermanent() {
        assertThat(classify("An image does not exist locally with the tag: 127.0.0.1:5791/i6exp/nonexist")).isEqualTo(PERMANENT);
        assertThat(classify("manifest invalid: manifest invalid")).isEqualTo(PERMANENT);
        assertThat(classify("name unknown: repository name not known to registry")).isEqualTo(PERMANENT);
        // A port that happens to start with 5 is no server error.
        assertThat(classify("blob upload unknown to registry at 127.0.0.1:5000")).isEqualTo(PERMANENT);
    }

    /** Docker 29 on the containerd store: "error from registry: " and the registry's message, without the status. */
    @Test
    void containerdStoreRegistryErrorsAreTransientUnlessTheyAreClientErrors() {
        // A 500 or 503 with a JSON body (distribution's UNKNOWN, UNAVAILABLE with the registry's own message).
        assertThat(classify("error from registry: unknown error")).isEqualTo(TRANSIENT);
        assertThat(classify("error from registry: injected by the test's fault proxy")).isEqualTo(TRANSIENT);
        assertThat(classify("failed commit on ref \"manifest-sha256:ab\": error from registry: service unavailable")).isEqualTo(TRANSIENT);
        assertThat(classify("error from registry: manifest invalid")).isEqualTo(PERMANENT);
        assertThat(classify("error from registry: blob unknown to registry")).isEqualTo(PERMANENT);
        assertThat(classify("error from registry: repository name not known to registry")).isEqualTo(PERMANENT);
        assertThat(classify("error from registry: The operation is unsupported.")).isEqualTo(PERMANENT);
        assertThat(classify("error from registry: requested access to the resource is denied")).isEqualTo(AUTH);
        assertThat(classify("error from registry: authentication required")).isEqualTo(AUTH);
    }

    @Test
    void theAuthRecordNeverPrintsItsSecrets() {
        ImagePusher.Auth auth = new ImagePusher.Auth("ghcr.io", "ci-bot", "pw-value", "tok-value");
        assertThat(auth.toString()).contains("ghcr.io", "ci-bot").doesNotContain("pw-value", "tok-value");
    }
}
