package io.ppctl.core;

import io.ppctl.core.Cleanup;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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
        write(target, content, Cleanup.global());
    }

    /**
     * The temporary file's removal is registered before the file exists, and creating, filling and renaming it
     * happen under the same lock as that removal: a clean-up pass (Ctrl-C) either waits for the rename or comes
     * first, and then the file is never created. Without that, a stop between creating the file and registering
     * it, or a write that recreated the file the clean-up had just removed, left a {@code .NAME…tmp} behind.
     */
    static void write(Path target, byte[] content, Cleanup cleanup) {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        Object lock = new Object();
        boolean[] removed = {false};
        Cleanup.Action remove = () -> {
            synchronized (lock) {
                removed[0] = true;
                Files.deleteIfExists(tmp);
            }
        };
        // A file channel refuses a thread with its interrupt flag set (a Ctrl-C's unwinding writes the report): the
        // flag is set aside for the write and restored after it.
        boolean interrupted = Thread.interrupted();
        try (Cleanup.Handle ignored = cleanup.register("temporary file " + tmp, remove)) {
            synchronized (lock) {
                if (removed[0]) {
                    throw PpctlException.interrupted();
                }
                Files.createDirectories(abs.getParent());
                // CREATE_NEW: never an existing file (a name another write or a stranger chose).
                try (var out = Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
                keepPermissions(abs, tmp);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new PpctlException(ExitCode.USAGE, "cannot write " + target + ": " + e.getMessage(), null, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Owner-only (rw-------) where the file system has POSIX permissions: nobody else reads it before the rename. */
    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /**
     * Temporary files are created owner-only (rw-------); a rewritten file keeps the permissions it had (a committed
     * policies.lock or ppctl.yaml stays readable by the group), a new one gets rw-r--r--.
     */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }
}
