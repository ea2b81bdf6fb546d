package io.ppctl.scan;

import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * scan.cacheDir, checked before it is mounted read-write into the scanner container (or handed to trivy): never a
 * system folder (/var/run would put the Docker socket inside the container), never a folder that holds a socket,
 * and created private (0700) when it does not exist yet.
 */
final class CacheFolder {
    /** Folders that are never a cache, nor is anything inside them. */
    private static final List<Path> SYSTEM_TREES = Stream.of("/proc", "/sys", "/dev", "/run", "/var/run", "/etc", "/boot",
            "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/var/lib/docker", "/var/lib/containerd", "/var/log").map(Path::of).toList();
    /** Folders that are never a cache themselves (their subfolders may be). */
    private static final List<Path> SYSTEM_FOLDERS = Stream.of("/", "/var", "/home", "/root", "/tmp", "/opt", "/srv", "/mnt",
            "/media", "/var/lib", "/var/cache").map(Path::of).toList();
    /** How deep to look for sockets: Trivy's cache is db/ and fanal/ with a few files each. */
    private static final int SOCKET_DEPTH = 4;

    private CacheFolder() {}

    /** Checks {@code dir} (the error names it as {@code key}); {@code home} is never a cache either. */
    static void check(Path dir, Path home) {
        Path real = realOfNearestExisting(dir.toAbsolutePath().normalize());
        for (Path system : SYSTEM_TREES) {
            if (real.startsWith(system)) {
                throw refuse(dir, real, "is a system folder");
            }
        }
        if (SYSTEM_FOLDERS.contains(real) || home != null && real.equals(realOfNearestExisting(home.toAbsolutePath().normalize()))) {
            throw refuse(dir, real, "is a system or home folder, not a cache");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw refuse(dir, real, "is not a folder");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> all = Files.walk(dir, SOCKET_DEPTH)) {
                all.filter(CacheFolder::isSocket).findFirst().ifPresent(s -> {
                    throw refuse(dir, real, "holds the socket " + s + ", which the scanner must not get");
                });
            } catch (IOException | UncheckedIOException e) {
                throw PpctlException.usage("scan.cacheDir " + dir + ": cannot look inside it: " + e.getMessage());
            }
        }
    }

    /** Checks {@code dir} and creates it (0700, like every folder ppctl creates on the way) when missing. */
    static void prepare(Path dir, Path home) {
        check(dir, home);
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            throw PpctlException.environment("cannot create the Trivy cache folder " + dir + ": " + e.getMessage(),
                    "set scan.cacheDir to a writable folder", e);
        }
    }

    private static boolean isSocket(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Path realOfNearestExisting(Path p) {
        Path missing = Path.of("");
        Path at = p;
        while (at != null) {
            try {
                return at.toRealPath().resolve(missing).normalize();
            } catch (IOException notThere) {
                missing = at.getFileName() == null ? missing : at.getFileName().resolve(missing);
                at = at.getParent();
            }
        }
        return p;
    }

    private static PpctlException refuse(Path dir, Path real, String why) {
        return PpctlException.usage("scan.cacheDir: " + dir + (real.equals(dir) ? "" : " (" + real + ")") + " " + why
                + "; Trivy's cache is mounted read-write into the scanner, so it must be a folder of its own "
                + "(the default is ~/.cache/ppctl/trivy)");
    }
}
