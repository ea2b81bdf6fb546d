package io.ppctl.policies;

import io.ppctl.testing.SpecialFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Rows 4/16: the sync record is read bounded; anything but a small regular file counts as no record. */
class SyncStateTest {
    @Test
    void aSmallRecordIsRead(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("policies-synced.json"), "{\"kyverno\": \"sha256:1\"}\n");
        assertThat(SyncState.read(dir).lastWritten("kyverno")).contains("sha256:1");
    }

    @Test
    void anOversizedRecordCountsAsAbsent(@TempDir Path dir) throws IOException {
        // Valid JSON, only too large: the bound is the whole reason it is not read.
        Files.writeString(dir.resolve("policies-synced.json"),
                "{\"kyverno\": \"sha256:1\", \"pad\": \"" + "x".repeat(300 << 10) + "\"}\n");
        assertThat(SyncState.read(dir).lastWritten("kyverno")).isEmpty();
    }

    @Test
    void aFifoADeviceOrAHugeFileCountsAsAbsentWithoutBlocking(@TempDir Path dir) {
        Path file = dir.resolve("policies-synced.json");
        for (Runnable make : new Runnable[] {() -> SpecialFiles.fifo(file), () -> SpecialFiles.devZero(file),
                () -> SpecialFiles.huge(file, "{\"kyverno\": \"")}) {
            make.run();
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SyncState.read(dir)).lastWritten("kyverno"))
                    .isEmpty();
        }
    }
}
