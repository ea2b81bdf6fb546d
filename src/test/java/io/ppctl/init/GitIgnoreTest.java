package io.ppctl.init;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GitIgnoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"target/\n", "*.class\n/target\n", "  target  \r\n", "/target/*\n", "**/target\n"})
    void theseIgnoreTarget(String gitignore) {
        assertThat(GitIgnore.ignoresTarget(gitignore)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*.class\n", "target/classes\n", "# target/\n", "target/\n!target\n", "targets/\n"})
    void theseDoNot(String gitignore) {
        assertThat(GitIgnore.ignoresTarget(gitignore)).isFalse();
    }

    @Test
    void targetIsAddedAsTheLastLineAndTheFileEndsWithANewline() {
        assertThat(GitIgnore.withTarget(null)).isEqualTo("target/\n");
        assertThat(GitIgnore.withTarget("*.class\n")).isEqualTo("*.class\ntarget/\n");
        assertThat(GitIgnore.withTarget("*.class")).isEqualTo("*.class\ntarget/\n");
        assertThat(GitIgnore.ignoresTarget(GitIgnore.withTarget("target/\n!target\n"))).isTrue();
    }
}
