package io.ppctl.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "created by" as Docker 20.10 records it (docker history --no-trunc of images built here). */
class LocalImagesTest {
    @Test
    void namesTheInstructionBehindEachHistoryEntry() {
        assertThat(LocalImages.instruction("/bin/sh -c #(nop) COPY dir:a75edebae2738 in /out "))
                .isEqualTo("COPY dir:a75edebae2738 in /out");
        assertThat(LocalImages.instruction("/bin/sh -c #(nop)  LABEL a=b")).isEqualTo("LABEL a=b");
        assertThat(LocalImages.instruction("/bin/sh -c echo one; echo two; true")).isEqualTo("RUN echo one; echo two; true");
        assertThat(LocalImages.instruction("/bin/busybox --install -s /bin")).isEqualTo("RUN /bin/busybox --install -s /bin");
        assertThat(LocalImages.instruction("RUN /bin/sh -c apt-get update # buildkit")).isEqualTo("RUN /bin/sh -c apt-get update");
        assertThat(LocalImages.instruction("")).isEqualTo("(unknown instruction)");
    }

    @Test
    void buildArgValuesNeverShow() {
        assertThat(LocalImages.instruction("|2 KYVERNO_VERSION=v1.15.2 TOKEN=s3cret /bin/sh -c echo building $VERSION"))
                .isEqualTo("RUN echo building $VERSION").doesNotContain("s3cret");
    }
}
