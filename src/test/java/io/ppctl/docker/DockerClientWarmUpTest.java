package io.ppctl.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerClientWarmUpTest {
    @Test
    void warmsUpWithoutAnyDaemon() {
        assertThat(DockerClientFactory.warmUp()).isTrue();
    }
}
