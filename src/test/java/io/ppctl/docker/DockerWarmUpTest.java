package io.ppctl.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerWarmUpTest {
    @Test
    void startsOnlyForCommandsThatTalkToDocker() {
        assertThat(DockerWarmUp.needed(new String[] {"-C", "/tmp/p", "smoke-test", "--image", "x"})).isTrue();
        assertThat(DockerWarmUp.needed(new String[] {"release", "--no-push"})).isTrue();
        assertThat(DockerWarmUp.needed(new String[] {"version"})).isFalse();
        assertThat(DockerWarmUp.needed(new String[] {"bump", "patch"})).isFalse();
        assertThat(DockerWarmUp.needed(new String[] {"build", "--help"})).isFalse();
        assertThat(DockerWarmUp.needed(new String[] {"--version"})).isFalse();
    }

    @Test
    void warmsUpWithoutAnyDaemon() {
        assertThat(DockerWarmUp.run()).isTrue();
    }
}
