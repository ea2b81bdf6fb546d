package io.ppctl.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerWarmUpTest {
    @Test
    void warmsUpWithoutAnyDaemon() {
        assertThat(DockerWarmUp.run()).isTrue();
    }
}
