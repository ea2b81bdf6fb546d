package io.ppctl.init;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GitRemoteTest {

    @ParameterizedTest
    @CsvSource({
            "git@github.com:acme/policy-platform.git, github.com, acme/policy-platform",
            "git@github.com:/acme/policy-platform.git, github.com, acme/policy-platform",
            "ssh://git@github.com/acme/policy-platform.git, github.com, acme/policy-platform",
            "ssh://git@GitHub.com:22/acme/policy-platform.git/, github.com, acme/policy-platform",
            "https://github.com/acme/policy-platform, github.com, acme/policy-platform",
            "https://ci-bot:ghp_secret@github.com/acme/policy-platform.git, github.com, acme/policy-platform",
            "git://git.example.org/group/sub/tools.git, git.example.org, group/sub/tools"})
    void everyRemoteFormIsAHostAndAPath(String url, String host, String path) {
        assertThat(GitRemote.parse(url)).hasValue(new GitRemote(host, path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/git/policy-platform.git", "../policy-platform", "file:///srv/git/p.git", "", "https://github.com/"})
    void aLocalPathOrAnEmptyPathIsNoRemote(String url) {
        assertThat(GitRemote.parse(url)).isEmpty();
    }

    @Test
    void aCredentialInTheUrlNeverSurvives() {
        GitRemote r = GitRemote.parse("https://ci-bot:ghp_secret@github.com/acme/policy-platform.git").orElseThrow();
        assertThat(r.toString()).isEqualTo("github.com/acme/policy-platform").doesNotContain("ghp_secret");
        assertThat(r.registryFor("policy-platform").orElseThrow().repository()).doesNotContain("ghp_secret");
    }

    @Test
    void gitHubRemotesPublishToGhcrUnderTheOwnerInLowerCase() {
        GitRemote r = GitRemote.parse("git@github.com:Acme-Corp/Policy-Platform.git").orElseThrow();
        assertThat(r.repositoryName()).isEqualTo("Policy-Platform");
        assertThat(r.registryFor("policies")).hasValue(new GitRemote.Suggestion("ghcr", "ghcr.io/acme-corp/policies"));
    }

    @Test
    void gitLabRemotesPublishToTheProjectsOwnRegistry() {
        assertThat(GitRemote.parse("git@gitlab.com:acme/platform/policy-platform.git").orElseThrow().registryFor("policy-platform"))
                .hasValue(new GitRemote.Suggestion("gitlab", "registry.gitlab.com/acme/platform/policy-platform/policy-platform"));
    }

    @Test
    void anyOtherHostGetsNoGuess() {
        assertThat(GitRemote.parse("git@bitbucket.org:acme/policy-platform.git").orElseThrow().registryFor("p")).isEqualTo(Optional.empty());
        assertThat(GitRemote.parse("https://git.internal/acme/p.git").orElseThrow().registryFor("p")).isEmpty();
    }
}
