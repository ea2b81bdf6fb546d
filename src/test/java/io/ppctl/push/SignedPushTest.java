package io.ppctl.push;

import io.ppctl.config.RegistryConfig;
import io.ppctl.version.MovingTags;
import io.ppctl.version.TagPlan;
import io.ppctl.version.TagTemplate;
import io.ppctl.version.Version;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SignedPushTest {
    private static final RegistryConfig GHCR = new RegistryConfig("ghcr", "ghcr.io/acme/policy-platform", false);

    private static PushPlan plan(String version, List<String> templates) {
        return PushPlan.of(List.of(GHCR), TagPlan.plan(TagTemplate.all(templates), new TagTemplate.Values(Version.of(version),
                "abc1234", LocalDate.of(2026, 1, 2)), MovingTags.none()));
    }

    @Test
    void theDaemonPushesUnderATagThatPublishesNoVersion() {
        PushPlan p = plan("v1.0.2", List.of("{{version}}", "sha-{{sha}}", "latest"));
        assertThat(SignedPush.carrier(p.targets().get(0), p, "v1.0.2")).isEqualTo("sha-abc1234");
    }

    @Test
    void withOnlyVersionTagsItPushesUnderAStagingTag() {
        PushPlan p = plan("v1.0.2", List.of("{{version}}", "latest"));
        assertThat(SignedPush.carrier(p.targets().get(0), p, "v1.0.2")).isEqualTo("ppctl-unsigned-v1.0.2");
        // Build metadata (+) is not allowed in a tag.
        assertThat(SignedPush.carrier(p.targets().get(0), p, "v1.0.2+b7")).isEqualTo("ppctl-unsigned-v1.0.2_b7");
    }
}
