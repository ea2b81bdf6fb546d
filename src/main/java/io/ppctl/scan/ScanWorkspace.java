package io.ppctl.scan;

import io.ppctl.core.Cleanup;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The temporary folder of one scan: {@code in/image.tar} (the docker save archive, mounted read-only into the
 * scanner) and {@code out/} (where Trivy writes its report). It sits in TMPDIR (else the JVM's temporary folder)
 * and is removed when closed, and by {@link Cleanup} on failure or Ctrl-C.
 */
final class ScanWorkspace implements AutoCloseable {
    private final Path dir;
    private final Cleanup.Handle cleanup;

    private ScanWorkspace(Path dir, Cleanup.Handle cleanup) {
        this.dir = dir;
        this.cleanup = cleanup;
    }

    static ScanWorkspace create(Map<String, String> env) {
        String tmp = env.get("TMPDIR");
        Path base = Path.of(tmp == null || tmp.isBlank() ? System.getProperty("java.io.tmpdir") : tmp);
        try {
            // Its removal is registered before the folder exists: a stop at any moment leaves no empty ppctl-scan-*.
            Path dir = base.resolve("ppctl-scan-" + java.util.UUID.randomUUID().toString().substring(0, 12));
            Cleanup.Handle handle = Cleanup.global().register("scan folder " + dir, () -> deleteTree(dir));
            Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Files.createDirectory(dir.resolve("in"));
            Files.createDirectory(dir.resolve("out"));
            return new ScanWorkspace(dir, handle);
        } catch (IOException e) {
            throw PpctlException.environment("cannot create a temporary folder in " + base + " for the image archive: "
                    + e.getMessage(), "set TMPDIR to a writable folder with room for the image", e);
        }
    }

    Path dir() {
        return dir;
    }

    Path inDir() {
        return dir.resolve("in");
    }

    Path imageTar() {
        return inDir().resolve("image.tar");
    }

    Path outDir() {
        return dir.resolve("out");
    }

    Path report() {
        return outDir().resolve("report.json");
    }

    /** The report Trivy wrote to --output; {@code who} names the scanner in the error when there is none. */
    String readReport(String who) {
        if (!Files.isRegularFile(report())) {
            throw ScannerFailure.badReport(who, "it exited with 0 but wrote nothing to --output");
        }
        try {
            // Decoded leniently: whatever a broken scanner wrote ends up in the "not JSON" message, not in a decoder error.
            return new String(InputFiles.readBytes(report(), InputFiles.REPORT_LIMIT),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PpctlException.environment("cannot read Trivy's report " + report() + ": " + e.getMessage(), null, e);
        }
    }

    @Override
    public void close() {
        cleanup.close();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
