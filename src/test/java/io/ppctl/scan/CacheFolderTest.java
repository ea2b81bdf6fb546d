package io.ppctl.scan;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static java.net.StandardProtocolFamily.UNIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheFolderTest {

    private static void refused(Path dir, Path home, String why) {
        assertThatThrownBy(() -> CacheFolder.prepare(dir, home)).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).startsWith("scan.cacheDir: ").contains(why);
        });
    }

    @Test
    void refusesSystemFoldersAndWhatIsInsideThem(@TempDir Path home) {
        refused(Path.of("/var/run"), home, "is a system folder");
        refused(Path.of("/run/docker"), home, "is a system folder");
        refused(Path.of("/proc/self"), home, "is a system folder");
        refused(Path.of("/etc/trivy-not-there"), home, "is a system folder");
        refused(Path.of("/"), home, "is a system or home folder");
        refused(Path.of("/tmp"), home, "is a system or home folder");
        refused(home, home, "is a system or home folder");
    }

    @Test
    void refusesALinkToASystemFolder(@TempDir Path dir) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("cache"), Path.of("/var/run"));
        refused(link, dir.resolve("home"), "(/run) is a system folder");
    }

    /** A listening socket in {@code socketDir} (created), and {@code cache} refused for it. */
    private static void refusedForASocketIn(Path socketDir, Path cache, Path home) throws IOException {
        Files.createDirectories(socketDir);
        try (ServerSocketChannel s = ServerSocketChannel.open(UNIX)) {
            s.bind(UnixDomainSocketAddress.of(socketDir.resolve("docker.sock")));
            refused(cache, home, "holds the socket " + socketDir.toRealPath().resolve("docker.sock"));
        }
    }

    @Test
    void refusesAFolderHoldingASocket(@TempDir Path dir) throws IOException {
        refusedForASocketIn(dir.resolve("cache/db"), dir.resolve("cache"), dir.resolve("home"));
    }

    // Row 13: the walk stopped 4 levels down, so a socket deeper than that reached the scanner container.
    @Test
    void refusesASocketHoweverDeepItIs(@TempDir Path dir) throws IOException {
        refusedForASocketIn(dir.resolve("cache/a/b/c/d/e/f/g"), dir.resolve("cache"), dir.resolve("home"));
    }

    @Test
    void looksThroughTheTargetOfALinkedCacheFolder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("cache"), dir.resolve("elsewhere"));
        refusedForASocketIn(dir.resolve("elsewhere/x"), link, dir.resolve("home"));
    }

    @Test
    void refusesAFolderTooLargeToLookThrough(@TempDir Path dir) throws IOException {
        Path cache = Files.createDirectories(dir.resolve("cache/db"));
        for (int i = 0; i < 30; i++) {
            Files.writeString(cache.resolve("f" + i), "x");
        }
        CacheFolder.check(dir.resolve("cache"), dir.resolve("home"), 40, java.time.Duration.ofMinutes(1));
        Files.writeString(cache.resolve("one-more"), "x");
        for (int i = 0; i < 10; i++) {
            Files.writeString(cache.resolve("g" + i), "x");
        }
        assertThatThrownBy(() -> CacheFolder.check(dir.resolve("cache"), dir.resolve("home"), 40, java.time.Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(PpctlException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).startsWith("scan.cacheDir: " + dir.resolve("cache"))
                            .contains("holds more than 40 entries");
                });
        assertThatThrownBy(() -> CacheFolder.check(dir.resolve("cache"), dir.resolve("home"), 1000, java.time.Duration.ZERO))
                .hasMessageContaining("could not be looked through for sockets within");
    }

    @Test
    void createsAMissingFolderPrivate(@TempDir Path dir) throws IOException {
        Path cache = dir.resolve(".cache/ppctl/trivy");
        CacheFolder.prepare(cache, dir);
        assertThat(Files.isDirectory(cache)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".cache/ppctl")))).isEqualTo("rwx------");
    }

    @Test
    void keepsAnExistingOrdinaryFolderAsItIs(@TempDir Path dir) throws IOException {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("trivy.db"), "x");
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-x---"));
        CacheFolder.prepare(cache, dir.resolve("home"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwxr-x---");
        refused(Files.writeString(dir.resolve("file"), "x"), dir.resolve("home"), "is not a folder");
    }
}
