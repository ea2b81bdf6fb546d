package io.ppctl.scan;

import io.ppctl.core.Durations;
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
    /**
     * A socket is looked for at every depth (one level more than any fixed depth would hide it), so the walk is
     * bounded by entries instead: Trivy's cache is db/, fanal/ and java-db/ with a few files each, and a folder with
     * this many is not a cache of its own (a home folder, a source tree) and is refused as such.
     */
    static final int MOST_ENTRIES = 100_000;
    /** And by time, for a slow network file system: a cache's few files take milliseconds. */
    static final java.time.Duration MOST_TIME = java.time.Duration.ofSeconds(10);

    private CacheFolder() {}

    /** Checks {@code dir} (the error names it as {@code key}); {@code home} is never a cache either. */
    static void check(Path dir, Path home) {
        check(dir, home, MOST_ENTRIES, MOST_TIME);
    }

    static void check(Path dir, Path home, int mostEntries, java.time.Duration mostTime) {
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
            try {
                refuseSockets(dir, real, mostEntries, mostTime);
            } catch (IOException | UncheckedIOException e) {
                throw PpctlException.usage("scan.cacheDir " + dir + ": cannot look inside it: " + e.getMessage());
            }
        }
    }

    /** Walks all of {@code dir} (links not followed) for a socket, refusing it when the walk outgrows its bounds. */
    private static void refuseSockets(Path dir, Path real, int mostEntries, java.time.Duration mostTime) throws IOException {
        long start = System.nanoTime();
        // The real path: a cache folder that is a link is mounted as its target, which a walk of the link skips.
        Files.walkFileTree(real, new java.nio.file.SimpleFileVisitor<>() {
            private int seen;

            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes attrs) {
                count();
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes attrs) {
                count();
                if (attrs.isOther() && isSocket(f)) {
                    throw refuse(dir, real, "holds the socket " + f + ", which the scanner must not get");
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            private void count() {
                if (++seen > mostEntries) {
                    throw refuse(dir, real, "holds more than " + mostEntries + " entries, too many to look through for sockets "
                            + "and far more than a Trivy cache");
                }
                if (System.nanoTime() - start >= mostTime.toNanos()) {
                    throw refuse(dir, real, "could not be looked through for sockets within "
                            + Durations.compact(mostTime) + " (" + seen + " entries so far)");
                }
            }
        });
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
