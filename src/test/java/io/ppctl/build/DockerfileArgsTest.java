package io.ppctl.build;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DockerfileArgsTest {
    private static final String DOCKERFILE = String.join("\n",
            "# syntax comment",
            "ARG BASE=busybox",
            "FROM $BASE AS tools",
            "ARG KYVERNO_VERSION=v1.15.2",
            "arg HELM_VERSION=\"v3.19.0\"",
            "ARG PLUTO_VERSION",
            "RUN echo \\",
            "  ARG NOT_AN_ARG=1",
            "FROM busybox",
            "ARG VERSION VCS_REF=unknown \\",
            "    BUILD_DATE",
            "ARG KYVERNO_VERSION=v9",
            "");

    @Test
    void findsEveryDeclaredArgWithItsFirstDefault() {
        Map<String, String> declared = DockerfileArgs.declared(DOCKERFILE);
        assertThat(declared).containsOnlyKeys("BASE", "KYVERNO_VERSION", "HELM_VERSION", "PLUTO_VERSION", "VERSION", "VCS_REF", "BUILD_DATE");
        assertThat(declared).containsEntry("KYVERNO_VERSION", "v1.15.2").containsEntry("HELM_VERSION", "v3.19.0")
                .containsEntry("PLUTO_VERSION", null).containsEntry("VCS_REF", "unknown");
    }

    @Test
    void toolVersionsAreThePinnedOnesOrWhatABuildArgSays() {
        Map<String, String> declared = DockerfileArgs.declared(DOCKERFILE);
        assertThat(DockerfileArgs.toolVersions(declared, Map.of())).containsExactly(
                Map.entry("KYVERNO_VERSION", "v1.15.2"), Map.entry("HELM_VERSION", "v3.19.0"));
        assertThat(DockerfileArgs.toolVersions(declared, Map.of("HELM_VERSION", "v3.20.0", "PLUTO_VERSION", "v5.21.0")))
                .containsExactly(Map.entry("KYVERNO_VERSION", "v1.15.2"), Map.entry("HELM_VERSION", "v3.20.0"),
                        Map.entry("PLUTO_VERSION", "v5.21.0"));
    }
}
