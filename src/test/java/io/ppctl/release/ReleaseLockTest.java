package io.ppctl.release;

import io.ppctl.core.PpctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseLockTest {
    @Test
    void aSecondHolderIsRefusedNamingTheFirst(@TempDir Path dir) {
        Path file = dir.resolve("target/ppctl/release.lock");
        try (ReleaseLock first = ReleaseLock.acquire(file, Duration.ZERO)) {
            assertThatThrownBy(() -> ReleaseLock.acquire(file, Duration.ofMillis(300)))
                    .isInstanceOf(PpctlException.class)
                    .hasMessageContaining("another ppctl release is running")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        try (ReleaseLock again = ReleaseLock.acquire(file, Duration.ZERO)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aRunThatWaitsSaysForWhomOnce(@TempDir Path dir) {
        Path file = dir.resolve("target/ppctl/release.lock");
        java.util.List<String> told = new java.util.ArrayList<>();
        try (ReleaseLock first = ReleaseLock.acquire(file, Duration.ZERO)) {
            assertThatThrownBy(() -> ReleaseLock.acquire(file, Duration.ofMillis(500), told::add)).isInstanceOf(PpctlException.class);
        }
        assertThat(told).singleElement().asString().contains("pid " + ProcessHandle.current().pid(), "waiting up to 500ms");
    }
}
