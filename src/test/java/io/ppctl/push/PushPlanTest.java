package io.ppctl.push;

import io.ppctl.config.RegistryConfig;
import io.ppctl.docker.ImageDetails;
import io.ppctl.version.MovingTags;
import io.ppctl.version.TagPlan;
import io.ppctl.version.TagTemplate;
import io.ppctl.version.Version;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PushPlanTest {
    private static final RegistryConfig GHCR = new RegistryConfig("ghcr", "ghcr.io/acme/policy-platform", false);
    private static final RegistryConfig GAR = new RegistryConfig("gar", "us-docker.pkg.dev/acme/images/policy-platform", false);

    private static List<TagPlan.Tag> tags(String version, List<String> templates) {
        return TagPlan.plan(TagTemplate.all(templates), new TagTemplate.Values(Version.of(version), "abc1234",
                LocalDate.of(2026, 1, 2)), MovingTags.none());
    }

    @Test
    void pushesFixedTagsBeforeMovingOnesInEveryRegistryWhateverTheConfigOrder() {
        PushPlan plan = PushPlan.of(List.of(GHCR, GAR), tags("v1.0.2", List.of("latest", "{{version}}", "{{major}}.{{minor}}", "sha-{{sha}}")));
        assertThat(plan.targets()).hasSize(2);
        assertThat(plan.targets().get(0).ordered()).containsExactly("v1.0.2", "sha-abc1234", "latest", "1.0");
        assertThat(plan.targets().get(1).reference("latest")).isEqualTo("us-docker.pkg.dev/acme/images/policy-platform:latest");
        assertThat(plan.versionTags()).containsExactly("v1.0.2");
        assertThat(plan.tagCount()).isEqualTo(8);
    }

    @Test
    void aPreReleaseGetsNoMovingTags() {
        PushPlan plan = PushPlan.of(List.of(GHCR), tags("v1.1.0-rc.1", List.of("{{version}}", "sha-{{sha}}", "latest")));
        assertThat(plan.targets().get(0).ordered()).containsExactly("v1.1.0-rc.1", "sha-abc1234");
    }

    @Test
    void theImageHoldsARegistryDigestWhenTheDaemonKnowsItUnderThatRepository() {
        ImageDetails image = ImageDetails.builder().id("sha256:1").layers(1)
                .repoDigests(List.of("127.0.0.1:5000/acme/pp@sha256:aaa", "acme/pp@sha256:bbb")).build();
        assertThat(PushPreflight.holds(image, "127.0.0.1:5000/acme/pp", "sha256:aaa")).isTrue();
        assertThat(PushPreflight.holds(image, "127.0.0.1:5000/acme/pp", "sha256:bbb")).isFalse();
        assertThat(PushPreflight.holds(image, "docker.io/acme/pp", "sha256:bbb")).isTrue();
    }
}
