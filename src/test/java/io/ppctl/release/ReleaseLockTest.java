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
}
