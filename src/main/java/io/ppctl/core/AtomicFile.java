package io.ppctl.core;

import io.ppctl.core.Cleanup;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old content or the whole new one, never half of it: a temporary
 * file beside the target (removed by {@link Cleanup} if ppctl is interrupted), then a rename.
 */
public final class AtomicFile {
    private AtomicFile() {}

    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) {
        Path abs = target.toAbsolutePath();
        Path tmp;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        } catch (IOException e) {
            throw new PpctlException(ExitCode.USAGE, "cannot write " + target + ": " + e.getMessage(), null, e);
        }
        Path t = tmp;
        try (Cleanup.Handle ignored = Cleanup.global().register("temporary file " + tmp, () -> Files.deleteIfExists(t))) {
            Files.write(tmp, content);
            keepPermissions(abs, tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PpctlException(ExitCode.USAGE, "cannot write " + target + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * Temporary files are created owner-only (rw-------); a rewritten file keeps the permissions it had (a committed
     * policies.lock or ppctl.yaml stays readable by the group), a new one gets rw-r--r--.
     */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }
}
