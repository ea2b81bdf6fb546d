package io.ppctl.tag;

import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.project.ReleaseTags;
import io.ppctl.testing.TestProject;
import io.ppctl.version.MovingTags;
import io.ppctl.version.TagPlan;
import io.ppctl.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tag rules `ppctl tag` applies, from git tags and local releases (no daemon needed). */
class TagRulesTest {
    private final TestProject project = TestProject.git().write("Dockerfile", "FROM x\n");

    @AfterEach
    void remove() {
        project.close();
    }

    private List<TagPlan.Tag> plan(String version, Optional<Version> local) {
        project.write("VERSION", version + "\n").commit(version);
        Project p = Project.open(project.dir(), null, Map.of());
        return ReleaseTags.plan(p, MovingTags.of(p.git().releasedVersions(), local.stream().toList(), "local image"));
    }

    private static Optional<String> latestSkip(List<TagPlan.Tag> tags) {
        return tags.stream().filter(t -> t.name().equals("latest")).findFirst().map(TagPlan.Tag::skipReason);
    }

    @Test
    void aHotfixTakesLatestDespiteANewerReleaseCandidate() {
        project.write("VERSION", "v1.3.0-rc.1\n").commit("rc").git("tag", "v1.3.0-rc.1");
        assertThat(latestSkip(plan("v1.2.5", Optional.of(Version.of("v1.4.0-rc.2"))))).isEmpty();
    }

    @Test
    void anOlderVersionLeavesLatestToTheNewestReleaseInGitOrLocally() {
        project.write("VERSION", "v1.2.0\n").commit("1.2").git("tag", "v1.2.0");
        assertThat(latestSkip(plan("v1.1.5", Optional.empty()))).get().asString().contains("older than the released v1.2.0");
        assertThat(latestSkip(plan("v1.2.1", Optional.of(Version.of("v1.3.0"))))).get().asString().contains("older than the released v1.3.0");
        assertThat(latestSkip(plan("v1.3.0", Optional.of(Version.of("v1.3.0"))))).isEmpty();
    }

    @Test
    void validationListsEveryInvalidTag() {
        project.write("VERSION", "v1.0.0+build.7\n").write("ppctl.yaml", "tags: ['{{version}}', 'sha-{{sha}}', 'v{{major}}-{{version}}']\n")
                .commit("init");
        assertThatThrownBy(() -> TagStep.validate(Project.open(project.dir(), null, Map.of())))
                .isInstanceOf(PpctlException.class)
                .hasMessageContaining("ppctl.yaml: tags: 2 invalid for version v1.0.0+build.7")
                .hasMessageContaining("{{version}} -> 'v1.0.0+build.7' is not a valid Docker tag")
                .hasMessageContaining("v{{major}}-{{version}} -> 'v1-v1.0.0+build.7'")
                .extracting(e -> ((PpctlException) e).exitCode().code()).isEqualTo(2);
        project.write("VERSION", "v1.0.0-" + "x".repeat(130) + "\n").write("ppctl.yaml", "{}\n");
        assertThatThrownBy(() -> TagStep.validate(Project.open(project.dir(), null, Map.of())))
                .hasMessageContaining("128-character limit");
    }
}
