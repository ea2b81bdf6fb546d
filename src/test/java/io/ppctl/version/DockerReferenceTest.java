package io.ppctl.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DockerReferenceTest {
    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/acme/policy-platform", "127.0.0.1:5000/x/y", "localhost/app", "acme/app",
            "europe-docker.pkg.dev/proj/repo/policy-platform", "acme.azurecr.io/policy_platform", "a__b/c"})
    void acceptsValidRepositories(String repo) {
        assertThat(DockerReference.repositoryProblem(repo)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/Acme/x", "ghcr.io/acme/x:v1", "x@sha256:abc", "", "acme//x", "-acme/x", "acme/x-"})
    void rejectsInvalidRepositories(String repo) {
        assertThat(DockerReference.repositoryProblem(repo)).isPresent();
    }

    @Test
    void splitsHostAndPath() {
        assertThat(DockerReference.registryHost("ghcr.io/acme/x")).isEqualTo("ghcr.io");
        assertThat(DockerReference.repositoryPath("ghcr.io/acme/x")).isEqualTo("acme/x");
        assertThat(DockerReference.registryHost("acme/x")).isEqualTo("docker.io");
        assertThat(DockerReference.repositoryPath("x")).isEqualTo("library/x");
        assertThat(DockerReference.registryHost("127.0.0.1:5000/x")).isEqualTo("127.0.0.1:5000");
    }

    @Test
    void knowsLoopbackRegistries() {
        assertThat(DockerReference.isLoopback("127.0.0.1:5000")).isTrue();
        assertThat(DockerReference.isLoopback("localhost:5000")).isTrue();
        assertThat(DockerReference.isLoopback("ghcr.io")).isFalse();
    }

    @Test
    void checksTags() {
        assertThat(DockerReference.tagProblem("v1.0.2")).isEmpty();
        assertThat(DockerReference.tagProblem("sha-1a2b3c4")).isEmpty();
        assertThat(DockerReference.tagProblem(".hidden")).isPresent();
        assertThat(DockerReference.tagProblem("a".repeat(129))).get().asString().contains("128");
        assertThat(DockerReference.tagProblem("v1+b")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"policy-platform:v1.0.2", "ghcr.io/acme/policy-platform:latest", "127.0.0.1:5000/x/y:1",
            "localhost:5000/app", "busybox", "1a27c5b03d7e", "sha256:1a27c5b03d7e",
            "sha256:1a27c5b03d7e59fc31801e21767bc9d922b24e6628c130980c89b3657293807c",
            "acme/x@sha256:1a27c5b03d7e59fc31801e21767bc9d922b24e6628c130980c89b3657293807c",
            "acme/x:v1@sha256:1a27c5b03d7e59fc31801e21767bc9d922b24e6628c130980c89b3657293807c"})
    void acceptsImageReferencesAndIds(String ref) {
        assertThat(DockerReference.imageReferenceProblem(ref)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER:case", "Bad Ref", "acme/x:", "acme/x:.v1", "acme/x@sha256:abc", "acme/x@md5:00",
            "ghcr.io/acme//x:v1", ":v1"})
    void rejectsMalformedImageReferences(String ref) {
        assertThat(DockerReference.imageReferenceProblem(ref)).isPresent();
    }
}
