package io.ppctl.build;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which images a Dockerfile builds on, as far as the text tells. */
class DockerfileImagesTest {
    private static DockerfileImages.Found of(String dockerfile, Map<String, String> args) {
        return DockerfileImages.of(dockerfile, args);
    }

    @Test
    void stagesScratchAndCopyFromAStageAreNotImages() {
        DockerfileImages.Found f = of(String.join("\n",
                "# syntax=docker/dockerfile:1",
                "FROM busybox:1.36 AS tools",
                "RUN echo hi",
                "FROM scratch AS empty",
                "FROM alpine:3.20",
                "COPY --from=tools /bin/sh /bin/sh",
                "COPY --from=0 /x /x",
                "COPY --chown=1:1 --from=ghcr.io/acme/helper:2 /helper /helper",
                "FROM tools",
                ""), Map.of());
        assertThat(f.unknowable()).isNull();
        assertThat(f.images()).containsExactly("busybox:1.36", "alpine:3.20", "ghcr.io/acme/helper:2");
    }

    @Test
    void globalArgsAreSubstitutedWithBuildArgsWinning() {
        String dockerfile = "ARG BASE=debian\nARG TAG=12\nFROM ${BASE}:$TAG\nARG LATER=x\nFROM $LATER\n";
        assertThat(of(dockerfile, Map.of("TAG", "13")).unknowable()).as("LATER is not a global arg").isNotNull();
        assertThat(of("ARG BASE=debian\nARG TAG=12\nFROM ${BASE}:$TAG\n", Map.of("TAG", "13")).images())
                .containsExactly("debian:13");
    }

    @Test
    void whatOnlyTheDaemonCanTellIsUnknowable() {
        assertThat(of("ARG BASE\nFROM $BASE\n", Map.of()).unknowable()).contains("variable without a value");
        assertThat(of("FROM ${BASE:-debian}\n", Map.of()).unknowable()).isNotNull();
        assertThat(of("FROM --platform=linux/arm64 debian\n", Map.of()).unknowable()).contains("--platform");
        assertThat(of("FROM debian\nADD https://example.com/kyverno.tar.gz /tmp/\n", Map.of()).unknowable()).contains("URL");
        assertThat(of("FROM debian\nCOPY --from=$IMG /a /a\n", Map.of()).unknowable()).contains("variable");
        assertThat(of("# escape=`\nFROM debian\n", Map.of()).unknowable()).contains("escape");
        assertThat(of("FROM debian\nADD local.tar.gz /opt/\n", Map.of()).unknowable()).isNull();
    }

    @Test
    void continuationLinesAndCaseDoNotHideAnImage() {
        assertThat(of("from \\\n  debian:12 \\\n  as base\nFROM base\n", Map.of()).images()).containsExactly("debian:12");
    }
}
