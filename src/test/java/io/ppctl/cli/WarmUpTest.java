package io.ppctl.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTest {
    @Test
    void startsOnlyForCommandsThatTalkToDocker() {
        assertThat(WarmUp.needed(new String[] {"-C", "/tmp/p", "smoke-test", "--image", "x"})).isTrue();
        assertThat(WarmUp.needed(new String[] {"release", "--no-push"})).isTrue();
        assertThat(WarmUp.needed(new String[] {"version"})).isFalse();
        assertThat(WarmUp.needed(new String[] {"bump", "patch"})).isFalse();
        assertThat(WarmUp.needed(new String[] {"build", "--help"})).isFalse();
        assertThat(WarmUp.needed(new String[] {"--version"})).isFalse();
    }
}
