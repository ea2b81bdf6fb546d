package io.ppctl.testing;

import io.ppctl.config.ScanConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The real Trivy for tests: the binary {@code scripts/install-real-tools.sh} built (pinned by
 * {@link ScanConfig#DEFAULT_SCANNER_IMAGE}), and a scanner image made from it locally, since no image can be pulled:
 * {@code FROM scratch} with the static trivy, the host's CA bundle and a /tmp (Trivy unpacks layers there), entrypoint
 * trivy like the official image. Built once per test JVM, tagged with {@link TestDocker#prefix()} and the run label, so
 * {@link TestDocker#cleanup()} removes it. Pair it with {@link TrivyDb} and {@code --skip-db-update}: nothing is
 * downloaded.
 */
public final class RealTrivy {
    private static volatile String image;

    private RealTrivy() {}

    /** The pinned version, e.g. 0.67.2 (the tag of the default scanner image). */
    public static String version() {
        String pin = ScanConfig.DEFAULT_SCANNER_IMAGE;
        return pin.substring(pin.lastIndexOf(':') + 1);
    }

    /** The real trivy executable; fails the test when the installer has not built it. */
    public static Path binary() {
        return RealTools.binary("trivy");
    }

    /** The scanner image, built on first use. */
    public static synchronized String image() {
        if (image == null || !TestDocker.imageExists(image)) {
            Path dir = TestDocker.tempDir("ppctl-real-trivy");
            try {
                Files.copy(binary(), dir.resolve("trivy"));
                Files.copy(Path.of("/etc/ssl/certs/ca-certificates.crt"), dir.resolve("ca-certificates.crt"));
                Path tmp = Files.createDirectory(dir.resolve("tmp"));
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
                Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n"
                        + "COPY trivy /usr/local/bin/trivy\n"
                        + "COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n"
                        + "COPY tmp /tmp\n"
                        + "ENV PATH=/usr/local/bin TMPDIR=/tmp\n"
                        + "ENTRYPOINT [\"trivy\"]\n");
                String tag = TestDocker.prefix() + "-trivy:" + version();
                TestDocker.build(dir, tag);
                image = tag;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                TestProject.deleteTree(dir);
            }
        }
        return image;
    }
}
