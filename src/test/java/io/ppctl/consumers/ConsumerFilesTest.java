package io.ppctl.consumers;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.testing.SpecialFiles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    // Rows 4/16: a selected file is read up to a bound; an 8 GiB one ended in an OutOfMemoryError (exit 4).
    @Test
    void aSelectedFileOverTheBoundIsOneUsageLineNamingIt() {
        try (ConsumerRepo repo = ConsumerRepo.create().write("values.yaml", "image: a:v1\n").write("big.yaml", "x: 1\n")
                .commit("init"); ConsumerClone clone = ConsumerClone.create("app", repo.url())) {
            clone.open(null, "ppctl/update");
            // Changed after the listing: what a generated file, or a race, looks like to the reader.
            SpecialFiles.huge(clone.work().resolve("big.yaml"), "x: ");
            assertThatThrownBy(() -> ConsumerFiles.select(clone, List.of("*.yaml"))).isInstanceOf(PpctlException.class)
                    .hasMessage("consumer app: big.yaml is 8 GiB, larger than 16 MiB, the most ppctl reads from such a file "
                            + "(docs/input-limits.md); narrow its files: globs so that they do not select it")
                    .extracting(e -> ((PpctlException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        }
    }
}
