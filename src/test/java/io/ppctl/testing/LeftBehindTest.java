package io.ppctl.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The hygiene check the Docker-backed suite ends with (issue 15 row 22). */
class LeftBehindTest {

    @Test
    void reportsNewPpctlEntriesAndNewCacheEntriesOnly(@TempDir Path dir) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cache = dir.resolve("cache/ppctl");
        Files.createDirectories(tmp.resolve("ppctl-engines.abc"));
        Files.createDirectories(cache.resolve("policy-repos/kyverno"));
        var before = new TreeSet<>(LeftBehind.entries(tmp, cache));

        Files.createDirectories(tmp.resolve("ppctl-release-docker-config123"));
        Files.createDirectories(tmp.resolve("junit456"));          // another tool's name: not looked at
        Files.createDirectories(tmp.resolve("ppctl-engines.abc/more")); // below an entry that was there before
        Files.createDirectories(cache.resolve("trivy"));
        Files.writeString(cache.resolve("trivy/stand-in-args"), "x");

        assertThat(LeftBehind.added(before, LeftBehind.entries(tmp, cache))).containsExactly(
                cache.resolve("trivy").toString(), tmp.resolve("ppctl-release-docker-config123").toString());
    }

    @Test
    void nothingNewIsNothing(@TempDir Path dir) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cache = dir.resolve("no-cache/ppctl");
        var before = new TreeSet<>(LeftBehind.entries(tmp, cache));
        assertThat(LeftBehind.added(before, LeftBehind.entries(tmp, cache))).isEmpty();
    }

    @Test
    void theCacheIsPpctlsOwnPlace() {
        assertThat(LeftBehind.cacheDir(Map.of(), Path.of("/home/u"))).isEqualTo(Path.of("/home/u/.cache/ppctl"));
        assertThat(LeftBehind.cacheDir(Map.of("XDG_CACHE_HOME", "/c"), Path.of("/home/u"))).isEqualTo(Path.of("/c/ppctl"));
    }

    /** Engine tiers run at once, each with its own temporary folder: another tier's JVMs are not this tier's other runs. */
    @Test
    void anotherRunCountsOnlyWhenItSharesTheTemporaryFolder() {
        Path tier = Path.of("/tmp/ppctl-tier.podman.x1");
        assertThat(LeftBehind.sharesTemporaryFolder("java -Djava.io.tmpdir=/tmp/ppctl-tier.podman.x1 -jar surefirebooter.jar", tier)).isTrue();
        assertThat(LeftBehind.sharesTemporaryFolder("java -Djava.io.tmpdir=/tmp/ppctl-tier.docker29.y2 -jar surefirebooter.jar", tier)).isFalse();
        assertThat(LeftBehind.sharesTemporaryFolder("java -jar target/ppctl.jar build", tier)).isFalse();
        assertThat(LeftBehind.sharesTemporaryFolder("java -jar target/ppctl.jar build", Path.of("/tmp"))).isTrue();
        assertThat(LeftBehind.sharesTemporaryFolder("java -Djava.io.tmpdir=/tmp/ -jar x.jar", Path.of("/tmp"))).isTrue();
    }
}
