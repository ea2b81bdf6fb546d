package io.ppctl.scan;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Trivy command line: what ppctl passes, and what it leaves to its own gate. */
class TrivyCommandTest {
    private static ScanSettings settings(boolean skipDbUpdate, String dbRepository) {
        return new ScanSettings(Severity.HIGH, true, Path.of(".trivyignore"), false, Path.of("/cache"), skipDbUpdate,
                dbRepository, "aquasec/trivy:0.67.2", "", Duration.ofMinutes(15));
    }

    @Test
    void scansTheArchiveIntoAJsonFile() {
        assertThat(TrivyCommand.args("/in/image.tar", "/out/report.json", "/cache", settings(false, "")))
                .containsExactly("image", "--input", "/in/image.tar", "--format", "json", "--output", "/out/report.json",
                        "--scanners", "vuln", "--no-progress", "--skip-version-check", "--disable-telemetry",
                        "--cache-dir", "/cache", "--timeout", "900s");
    }

    @Test
    void airGappedRunsSkipBothDatabaseUpdatesAndCanUseAMirror() {
        assertThat(TrivyCommand.args("i", "o", "c", settings(true, "registry.local/aquasec/trivy-db:2")))
                .containsSubsequence("--skip-db-update", "--skip-java-db-update", "--db-repository",
                        "registry.local/aquasec/trivy-db:2");
    }

    @Test
    void leavesSeverityIgnoreUnfixedAndExitCodeToPpctlsGate() {
        assertThat(TrivyCommand.args("i", "o", "c", settings(true, "m")))
                .doesNotContain("--severity", "--ignore-unfixed", "--exit-code", "--ignorefile", "--quiet");
    }

    @Test
    void timeoutsAreWholeSecondsAsGoParsesThem() {
        assertThat(TrivyCommand.goDuration(Duration.ofMillis(500))).isEqualTo("1s");
        assertThat(TrivyCommand.goDuration(Duration.ofMinutes(2))).isEqualTo("120s");
    }
}
