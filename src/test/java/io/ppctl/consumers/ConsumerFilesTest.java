package io.ppctl.consumers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerFilesTest {
    @Test
    void globsWorkOnRepositoryPathsAndALeadingDoubleStarMatchesAtTheRootToo() {
        assertThat(ConsumerFiles.matcher(".github/workflows/*.yml").test(".github/workflows/ci.yml")).isTrue();
        assertThat(ConsumerFiles.matcher(".github/workflows/*.yml").test(".github/workflows/sub/ci.yml")).isFalse();
        assertThat(ConsumerFiles.matcher("**/Dockerfile").test("Dockerfile")).isTrue();
        assertThat(ConsumerFiles.matcher("**/Dockerfile").test("images/base/Dockerfile")).isTrue();
        assertThat(ConsumerFiles.matcher("charts/**/values*.yaml").test("charts/app/values-prod.yaml")).isTrue();
        assertThat(ConsumerFiles.matcher("Dockerfile").test("images/Dockerfile")).isFalse();
    }
}
