package io.ppctl.consumers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompareUrlTest {
    private static final String B = "ppctl/policy-platform-v1.3.0";

    @Test
    void gitHubFromEveryUrlForm() {
        String want = "https://github.com/acme/ci/compare/main...ppctl/policy-platform-v1.3.0?expand=1";
        assertThat(CompareUrl.of("https://github.com/acme/ci.git", "main", B)).contains(want);
        assertThat(CompareUrl.of("git@github.com:acme/ci.git", "main", B)).contains(want);
        assertThat(CompareUrl.of("ssh://git@github.com/acme/ci", "main", B)).contains(want);
        assertThat(CompareUrl.of("https://x-access-token:secret@github.com/acme/ci.git", "main", B)).contains(want);
    }

    @Test
    void gitLabWithSubgroupsAndBitbucketCloud() {
        assertThat(CompareUrl.of("git@gitlab.com:acme/platform/ci.git", "develop", B))
                .contains("https://gitlab.com/acme/platform/ci/-/compare/develop...ppctl/policy-platform-v1.3.0");
        assertThat(CompareUrl.of("https://bitbucket.org/acme/ci.git", "main", B))
                .contains("https://bitbucket.org/acme/ci/branches/compare/ppctl/policy-platform-v1.3.0%0Dmain");
    }

    @Test
    void otherHostsAndLocalPathsHaveNone() {
        assertThat(CompareUrl.of("file:///srv/git/ci.git", "main", B)).isEmpty();
        assertThat(CompareUrl.of("/srv/git/ci.git", "main", B)).isEmpty();
        assertThat(CompareUrl.of("https://git.acme.internal/ci.git", "main", B)).isEmpty();
    }
}
