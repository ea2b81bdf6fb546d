package io.ppctl.init;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class StarterConfigTest {

    /** What each tool really prints for its version (README, smoke-test: the real outputs). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.15.2  | Version: 1.15.2",
            "v1.15.2 | Version: 1.15.2",
            "3.19.0  | version.BuildInfo{Version:\"v3.19.0\", GitCommit:\"abc\", GoVersion:\"go1.24\"}",
            "v3.19.0 | v3.19.0+g3d8990f",
            "5.22.5  | Version:5.22.5 Commit:1a2b3c4"})
    void theVersionPatternFindsThePinInWhatTheToolPrints(String pinned, String printed) {
        assertThat(Pattern.compile(StarterConfig.versionPattern(pinned)).matcher(printed).find()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.15.2 | Version: 1.15.20", "1.15.2 | Version: 11.15.2", "1.15.2 | Version: 1x15.2"})
    void butNotAnotherVersion(String pinned, String printed) {
        assertThat(Pattern.compile(StarterConfig.versionPattern(pinned)).matcher(printed).find()).isFalse();
    }

    @Test
    void aPinIsForTheToolItIsNamedAfter() {
        assertThat(StarterConfig.tool("KYVERNO_VERSION")).isEqualTo("kyverno");
        assertThat(StarterConfig.tool("KUBE_LINTER_VERSION")).isEqualTo("kube-linter");
    }

    @Test
    void scalarsReadBackAsTheSameString() {
        Yaml yaml = new Yaml();
        for (String v : new String[] {"Dockerfile", "docker/Dockerfile.prod", "kyverno 1.15.2", "yes", "1.0", "a: b",
                "#x", "with \"quotes\"", " lead", "-dash", "back\\slash"}) {
            Map<?, ?> m = yaml.load("k: " + StarterConfig.scalar(v) + "\n");
            assertThat(m.get("k")).as(v).isEqualTo(v);
        }
    }
}
