package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig.MetadataCheck;
import io.ppctl.docker.ImageDetails;
import io.ppctl.report.CheckResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataChecksTest {
    private static final ImageDetails IMAGE = ImageDetails.builder().id("sha256:abc").repoTags(List.of("policy-platform:v1.2.3"))
            .size(1).layers(2).labels(Map.of("org.opencontainers.image.version", "v1.2.3")).user("1000").workdir("/repos")
            .env(List.of("PATH=/usr/local/bin:/bin", "POLICY_PLATFORM=stand-in")).build();

    @Test
    void labelsUserWorkdirAndEnvThatMatchPass() {
        MetadataCheck c = new MetadataCheck(Map.of("org.opencontainers.image.version", Pattern.compile("v\\d+\\.\\d+\\.\\d+")), "1000",
                "/repos", Map.of("POLICY_PLATFORM", Pattern.compile("stand-in")));
        assertThat(MetadataChecks.evaluate(c, IMAGE)).extracting(CheckResult::name, CheckResult::passed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("label org.opencontainers.image.version", true),
                org.assertj.core.groups.Tuple.tuple("user", true),
                org.assertj.core.groups.Tuple.tuple("workdir", true),
                org.assertj.core.groups.Tuple.tuple("env POLICY_PLATFORM", true));
    }

    @Test
    void aLabelMustMatchAsAWholeAndExist() {
        MetadataCheck c = new MetadataCheck(Map.of("org.opencontainers.image.version", Pattern.compile("1\\.2"),
                "org.opencontainers.image.revision", Pattern.compile(".+")), "", "", Map.of());
        List<CheckResult> r = MetadataChecks.evaluate(c, IMAGE);
        assertThat(r).allMatch(x -> !x.passed());
        assertThat(r).extracting(CheckResult::message).containsExactlyInAnyOrder(
                "label org.opencontainers.image.version is 'v1.2.3', expected /1\\.2/",
                "label org.opencontainers.image.revision is missing");
    }

    @Test
    void anImageWithoutUserRunsAsRoot() {
        ImageDetails root = ImageDetails.builder().id("sha256:abc").size(1).layers(1).user("").workdir("").build();
        CheckResult r = MetadataChecks.evaluate(new MetadataCheck(Map.of(), "app", "/work", Map.of()), root).get(0);
        assertThat(r.message()).isEqualTo("user is (none: containers run as root), expected 'app'");
        CheckResult w = MetadataChecks.evaluate(new MetadataCheck(Map.of(), "", "/work", Map.of()), root).get(0);
        assertThat(w.message()).isEqualTo("workdir is '/', expected '/work'");
    }

    @Test
    void aMissingEnvVariableFails() {
        CheckResult r = MetadataChecks.evaluate(new MetadataCheck(Map.of(), "", "", Map.of("HOME", Pattern.compile(".*"))), IMAGE).get(0);
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).isEqualTo("env HOME is not set");
    }
}
