package io.ppctl.scan;

import io.ppctl.project.Project;
import io.ppctl.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScanSettingsTest {

    private static Path cacheDir(Path project, Map<String, String> env) throws Exception {
        return ScanSettings.resolve(Project.open(project, null, env), ScanOptions.defaults()).cacheDir();
    }

    @Test
    void theDefaultCacheFollowsXdgCacheHomeAndElseHome(@TempDir Path dir) throws Exception {
        assertThat(cacheDir(dir, Map.of("HOME", "/home/u"))).isEqualTo(Path.of("/home/u/.cache/ppctl/trivy"));
        assertThat(cacheDir(dir, Map.of("HOME", "/home/u", "XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/x/ppctl/trivy"));
        Files.writeString(dir.resolve("ppctl.yaml"), "scan: {cacheDir: ~/trivy}\n");
        assertThat(cacheDir(dir, Map.of("HOME", "/home/u", "XDG_CACHE_HOME", "/x"))).as("a chosen folder stays chosen")
                .isEqualTo(Path.of("/home/u/trivy"));
    }

    @Test
    void everyPpctlATestStartsCachesInTheTestRunsOwnFolder(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(Cli.isolated());
        Path cache = cacheDir(dir, env);
        assertThat(cache.startsWith(Path.of(Cli.isolated().get("XDG_CACHE_HOME")))).as(cache.toString()).isTrue();
        assertThat(cache.startsWith(Path.of(System.getProperty("user.home"), ".cache"))).isFalse();
    }
}
