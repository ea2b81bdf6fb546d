package io.ppctl.build;

import io.ppctl.version.GitFacts;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BuildLabelsTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void theOciLabelsNameVersionCommitDateSourceAndTitle() {
        GitFacts git = new GitFacts(true, COMMIT, false, List.of(), "git@github.com:acme/policy-platform.git", List.of());
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("KYVERNO_VERSION", "v1.15.2");
        tools.put("HELM_VERSION", "v3.19.0");
        Map<String, String> labels = BuildLabels.of("v1.0.2", git, Instant.parse("2026-03-18T09:15:02.734Z"), "acme/policy-platform", tools);
        assertThat(labels).containsExactly(
                Map.entry("org.opencontainers.image.version", "v1.0.2"),
                Map.entry("org.opencontainers.image.revision", COMMIT),
                Map.entry("org.opencontainers.image.created", "2026-03-18T09:15:02Z"),
                Map.entry("org.opencontainers.image.source", "https://github.com/acme/policy-platform"),
                Map.entry("org.opencontainers.image.title", "policy-platform"),
                Map.entry("io.ppctl.tools", "KYVERNO_VERSION=v1.15.2,HELM_VERSION=v3.19.0"));
    }

    @Test
    void outsideGitThereIsNoRevisionNorSource() {
        GitFacts none = new GitFacts(false, null, false, List.of(), null, List.of());
        assertThat(BuildLabels.of("1.0.0", none, Instant.EPOCH, "pp", Map.of()))
                .doesNotContainKeys("org.opencontainers.image.revision", "org.opencontainers.image.source")
                .containsEntry("io.ppctl.tools", "");
    }

    @Test
    void sourceUrlsBecomeBrowsable() {
        assertThat(BuildLabels.sourceUrl("git@github.com:acme/pp.git")).isEqualTo("https://github.com/acme/pp");
        assertThat(BuildLabels.sourceUrl("ssh://git@gitlab.example.com:2222/group/pp.git")).isEqualTo("https://gitlab.example.com/group/pp");
        assertThat(BuildLabels.sourceUrl("https://github.com/acme/pp.git")).isEqualTo("https://github.com/acme/pp");
        assertThat(BuildLabels.sourceUrl("https://dev.azure.com/acme/_git/pp")).isEqualTo("https://dev.azure.com/acme/_git/pp");
        assertThat(BuildLabels.sourceUrl("/srv/git/pp.git")).isEqualTo("/srv/git/pp.git");
    }
}
