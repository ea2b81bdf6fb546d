package io.ppctl.version;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TagPlanTest {
    private static final List<TagTemplate> DEFAULT = TagTemplate.all(List.of("{{version}}", "sha-{{sha}}", "latest"));

    private static TagTemplate.Values values(String version) {
        return new TagTemplate.Values(Version.of(version), "1a2b3c4", LocalDate.of(2026, 11, 30));
    }

    @Test
    void aStableReleaseGetsVersionShaAndLatest() {
        List<TagPlan.Tag> tags = TagPlan.plan(DEFAULT, values("v1.0.2"), MovingTags.of(List.of(Version.of("v1.0.1")), List.of(), "git tags"));
        assertThat(tags).extracting(TagPlan.Tag::name).containsExactly("v1.0.2", "sha-1a2b3c4", "latest");
        assertThat(tags).allMatch(TagPlan.Tag::applied);
    }

    @Test
    void aPreReleaseNeverTakesLatest() {
        List<TagPlan.Tag> tags = TagPlan.plan(DEFAULT, values("v1.3.0-rc.1"), MovingTags.none());
        assertThat(tags).filteredOn(TagPlan.Tag::applied).extracting(TagPlan.Tag::name).containsExactly("v1.3.0-rc.1", "sha-1a2b3c4");
        assertThat(tags.get(2).skipReason()).contains("pre-release");
    }

    @Test
    void anOlderVersionDoesNotTakeLatestFromANewerRelease() {
        List<TagPlan.Tag> tags = TagPlan.plan(DEFAULT, values("v1.0.3"), MovingTags.of(List.of(Version.of("v1.1.0")), List.of(), "git tags"));
        assertThat(tags.get(2).applied()).isFalse();
        assertThat(tags.get(2).skipReason()).contains("older than the released v1.1.0");
    }

    @Test
    void rebuildingTheNewestVersionKeepsLatest() {
        assertThat(TagPlan.plan(DEFAULT, values("v1.1.0"), MovingTags.of(List.of(Version.of("v1.1.0")), List.of(), "git tags")).get(2).applied()).isTrue();
    }

    @Test
    void rendersEveryPlaceholder() {
        var t = new TagTemplate("{{ major }}.{{minor}}.{{patch}}-{{date}}-{{sha}}");
        assertThat(t.render(values("v2.5.7"))).isEqualTo("2.5.7-20261130-1a2b3c4");
        assertThat(t.isMoving()).isFalse();
        assertThat(new TagTemplate("{{major}}.{{minor}}").isMoving()).isTrue();
        assertThat(new TagTemplate("latest").isMoving()).isTrue();
        assertThat(new TagTemplate("{{version}}").isMoving()).isFalse();
    }

    @Test
    void reportsUnknownPlaceholdersAndInvalidTags() {
        assertThat(TagTemplate.problem("{{verison}}")).get().asString().contains("unknown placeholder {{verison}}");
        assertThat(TagTemplate.problem("{{version")).get().asString().contains("unbalanced");
        assertThat(TagTemplate.problem("-bad")).get().asString().contains("invalid tag");
        assertThat(TagTemplate.problem("has space")).isPresent();
        assertThat(TagTemplate.problem("sha-{{sha}}")).isEmpty();
    }

    @Test
    void aVersionWithBuildMetadataCannotBeATag() {
        assertThatThrownBy(() -> TagPlan.plan(DEFAULT, values("v1.0.0+build.5"), MovingTags.none()))
                .hasMessageContaining("not a valid Docker tag");
    }
}
