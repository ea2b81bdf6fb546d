package io.ppctl.build;

import io.ppctl.docker.LocalImages;
import io.ppctl.project.LocalReleases;
import io.ppctl.version.Version;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SizeReportTest {
    private static final List<LocalImages.Layer> HISTORY = List.of(
            new LocalImages.Layer("LABEL a=b", 0),
            new LocalImages.Layer("RUN apk add kyverno", 80_400_000),
            new LocalImages.Layer("COPY dir:1f2e in /policies", 3_200_000),
            new LocalImages.Layer("RUN rm -rf /tmp/*", 0),
            new LocalImages.Layer("ADD file:9a8b in /", 58_500_000));

    private static LocalReleases.LocalRelease release(String v, long size) {
        return new LocalReleases.LocalRelease(Version.of(v), "pp:" + v, "sha256:" + v, size);
    }

    @Test
    void comparesWithThePreviousRelease() {
        SizeReport r = SizeReport.of(142_100_000, HISTORY, Optional.of(release("v1.0.2", 145_300_000)), null);
        assertThat(r.sizeText()).isEqualTo("142.1 MB (-3.2 MB vs v1.0.2)");
        assertThat(SizeReport.of(150_000_000, HISTORY, Optional.of(release("v1.0.2", 145_300_000)), null).sizeText())
                .isEqualTo("150.0 MB (+4.7 MB vs v1.0.2)");
        assertThat(SizeReport.of(1000, HISTORY, Optional.of(release("v1.0.2", 1000)), null).sizeText()).isEqualTo("1.0 kB (same as v1.0.2)");
        assertThat(SizeReport.of(142_100_000, HISTORY, Optional.empty(), null).sizeText()).isEqualTo("142.1 MB");
        assertThat(r.overBudget()).isFalse();
    }

    @Test
    void overBudgetNamesTheThreeLargestLayersAndTheirInstructions() {
        SizeReport r = SizeReport.of(142_100_000, HISTORY, Optional.empty(), 100_000_000L);
        assertThat(r.overBudget()).isTrue();
        assertThat(r.largestLayers()).extracting(LocalImages.Layer::instruction)
                .containsExactly("RUN apk add kyverno", "ADD file:9a8b in /", "COPY dir:1f2e in /policies");
        String message = r.budgetFailure("3f2a9c1b0d4e", "image.sizeBudget");
        assertThat(message).startsWith("image 3f2a9c1b0d4e is 142.1 MB, 42.1 MB over the size budget of 100.0 MB (image.sizeBudget)")
                .contains("   80.4 MB  RUN apk add kyverno", "   58.5 MB  ADD file:9a8b in /", "    3.2 MB  COPY dir:1f2e in /policies");
        assertThat(SizeReport.of(100_000_000, HISTORY, Optional.empty(), 100_000_000L).overBudget()).isFalse();
    }

    @Test
    void thePreviousReleaseIsTheNewestOlderVersion() {
        List<LocalReleases.LocalRelease> local = List.of(release("v1.0.1", 1), release("v1.0.2", 2), release("v1.1.0-rc.1", 3),
                release("v1.1.0", 4), release("v2.0.0", 5));
        assertThat(LocalReleases.previous(local, Version.of("v1.1.0")).map(r -> r.version().toString())).contains("v1.1.0-rc.1");
        assertThat(LocalReleases.previous(local, Version.of("v1.0.2")).map(r -> r.version().toString())).contains("v1.0.1");
        assertThat(LocalReleases.previous(local, Version.of("v1.0.0"))).isEmpty();
        assertThat(LocalReleases.newestStable(local)).contains(Version.of("v2.0.0"));
        assertThat(LocalReleases.newestStable(List.of(release("v3.0.0-rc.1", 1)))).isEmpty();
    }
}
