package io.ppctl.testing;

import io.ppctl.platform.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Busybox base images of a given platform, made without pulling anything and without running a single foreign binary:
 * Debian's static busybox of that architecture (unpacked by scripts/docker-env.sh under the tools cache; the host's own
 * for amd64) plus a symlink per applet, copied FROM scratch and built with --platform. So an arm64 base is made on an
 * amd64 machine with or without emulation. Tagged PREFIX-base-ARCH:1 and removed by {@link TestDocker#cleanup()}.
 */
public final class PlatformBase {
    private static final Map<Platform, String> BUILT = new HashMap<>();

    private PlatformBase() {}

    /** The Debian architecture name of a platform's busybox-static package. */
    static String debianArch(Platform p) {
        return switch (p.architecture()) {
            case "amd64" -> "amd64";
            case "arm64" -> "arm64";
            case "386" -> "i386";
            default -> throw new IllegalArgumentException("no busybox base for " + p);
        };
    }

    /** Debian's static busybox for {@code p}; fails the test naming what sets it up when it is missing. */
    public static Path busybox(Platform p) {
        if (p.architecture().equals("amd64")) {
            return Path.of("/bin/busybox");
        }
        String cache = System.getenv("PPCTL_TOOLS_CACHE");
        Path dir = Path.of(cache == null || cache.isBlank() ? System.getProperty("user.home") + "/.cache/ppctl-tools" : cache);
        Path busybox = dir.resolve("debian/busybox-static-" + debianArch(p) + "/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new AssertionError(busybox + " is missing: scripts/test (ensure_foreign_busybox " + debianArch(p)
                    + " in scripts/docker-env.sh) unpacks it from Debian's busybox-static:" + debianArch(p));
        }
        return busybox;
    }

    /** The base image of {@code p}, built once per test run. */
    public static synchronized String of(Platform p) {
        String tag = BUILT.get(p);
        if (tag != null && TestDocker.imageExists(tag)) {
            return tag;
        }
        tag = TestDocker.prefix() + "-base-" + p.architecture() + ":1";
        Path dir = TestDocker.tempDir("ppctl-platform-base");
        try {
            Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
            Files.copy(busybox(p), bin.resolve("busybox"));
            // Busybox 1.35 of Debian 12 has the same applets on every architecture: the host's list names them.
            for (String applet : TestDocker.exec(List.of("/bin/busybox", "--list"), null, Map.of()).output().lines().toList()) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
                }
            }
            Files.createDirectories(dir.resolve("rootfs/tmp"));
            Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\n");
            TestDocker.docker("build", "-q", "--platform", p.toString(), "--label", TestDocker.RUN_LABEL + "=" + TestDocker.RUN_ID,
                    "-t", tag, dir.toString());
            BUILT.put(p, tag);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TestProject.deleteTree(dir);
        }
    }
}
