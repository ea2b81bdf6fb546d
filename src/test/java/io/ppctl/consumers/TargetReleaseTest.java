package io.ppctl.consumers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TargetReleaseTest {
    @Test
    void theLastReleaseIsTheReportsVersionOnlyWhenItWasPublished(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("release-report.json");
        assertThat(TargetRelease.fromReport(report)).isEmpty();
        Files.writeString(report, "{\"status\": \"released\", \"version\": \"v1.3.0\", \"commit\": \"" + "a".repeat(40) + "\"}");
        assertThat(TargetRelease.fromReport(report)).contains(new TargetRelease(io.ppctl.version.Version.of("v1.3.0"),
                "release report", "a".repeat(40)));
        Files.writeString(report, "{\"status\": \"built\", \"version\": \"v1.4.0\"}");
        assertThat(TargetRelease.fromReport(report)).isEmpty();
        Files.writeString(report, "{\"status\": \"released\", \"vers");
        assertThat(TargetRelease.fromReport(report)).isEmpty();
    }
}
