package io.ppctl.version;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MovingTagsTest {

    @Test
    void theNewestStableReleaseFromGitOrLocalImagesKeepsTheMovingTags() {
        MovingTags m = MovingTags.of(List.of(Version.of("v1.2.0"), Version.of("v2.0.0-rc.1")), List.of(Version.of("v9.0.0")), "local image");
        assertThat(m.newestStable()).contains(Version.of("v9.0.0"));
        assertThat(m.skipReason(Version.of("v1.3.0"), "latest")).isEqualTo("v1.3.0 is older than the released v9.0.0 (local image), which keeps 'latest'");
        assertThat(m.skipReason(Version.of("v9.0.0"), "latest")).isNull();
        assertThat(m.skipReason(Version.of("v9.1.0-rc.1"), "latest")).contains("is a pre-release");
    }

    @Test
    void aReleaseCandidateNeverHoldsLatest() {
        MovingTags m = MovingTags.of(List.of(Version.of("v1.3.0-rc.1")), List.of(Version.of("v1.4.0-rc.2")), "local image");
        assertThat(m.newestStable()).isEmpty();
        assertThat(m.skipReason(Version.of("v1.2.5"), "latest")).isNull();
    }

    @Test
    void aRollbackTakesOnlyStableVersions() {
        assertThat(MovingTags.rollbackRefusal(Version.of("v1.0.0"))).isNull();
        assertThat(MovingTags.rollbackRefusal(Version.of("v1.1.0-rc.1"))).contains("pre-release");
        assertThat(MovingTags.names(TagTemplate.all(List.of("{{version}}", "latest", "{{major}}.{{minor}}", "latest")),
                new TagTemplate.Values(Version.of("v1.2.3"), "abc1234", java.time.LocalDate.of(2026, 1, 1))))
                .containsExactly("latest", "1.2");
    }
}
