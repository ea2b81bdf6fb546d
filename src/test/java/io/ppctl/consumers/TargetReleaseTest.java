package io.ppctl.consumers;

import io.ppctl.testing.SpecialFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

    // Rows 4/16: an 8 GiB report ended in an OutOfMemoryError; now it is no report, as a damaged one is.
    @Test
    void aHugeFifoOrDeviceReportIsNoReport(@TempDir Path dir) {
        Path report = dir.resolve("release-report.json");
        for (Runnable make : new Runnable[] {() -> SpecialFiles.huge(report, "{\"status\": \"released\", \"pad\": \""),
                () -> SpecialFiles.fifo(report), () -> SpecialFiles.devZero(report)}) {
            make.run();
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> TargetRelease.fromReport(report))).isEmpty();
        }
    }
}
