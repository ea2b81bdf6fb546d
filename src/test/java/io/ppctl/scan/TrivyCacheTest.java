package io.ppctl.scan;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --skip-db-update needs Trivy's database in the cache: checked before the image is exported. */
class TrivyCacheTest {
    private static ScanSettings settings(Path cache, boolean skip) {
        return new ScanSettings(Severity.CRITICAL, false, cache.resolve(".trivyignore"), false, cache, skip, "", "img", "",
                Duration.ofMinutes(1));
    }

    @Test
    void anEmptyCacheIsAnEnvironmentErrorNamingTheMissingFile(@TempDir Path cache) throws IOException {
        assertThatThrownBy(() -> TrivyCache.requireDatabase(settings(cache, true))).isInstanceOf(PpctlException.class)
                .hasMessage("--skip-db-update: the Trivy cache " + cache + " has no vulnerability database ("
                        + cache.resolve("db/trivy.db") + " is missing)")
                .satisfies(e -> assertThat(((PpctlException) e).exitCode()).isEqualTo(ExitCode.ENVIRONMENT));
        Files.createDirectories(cache.resolve("db"));
        Files.writeString(cache.resolve("db/trivy.db"), "");
        assertThatThrownBy(() -> TrivyCache.requireDatabase(settings(cache, true)))
                .hasMessageEndingWith("(" + cache.resolve("db/metadata.json") + " is missing)");
    }

    @Test
    void withBothFilesOrWithoutSkipDbUpdateItPasses(@TempDir Path cache) throws IOException {
        TrivyCache.requireDatabase(settings(cache, false));
        Files.createDirectories(cache.resolve("db"));
        Files.writeString(cache.resolve("db/trivy.db"), "");
        Files.writeString(cache.resolve("db/metadata.json"), "{\"Version\":2}");
        TrivyCache.requireDatabase(settings(cache, true));
    }
}
