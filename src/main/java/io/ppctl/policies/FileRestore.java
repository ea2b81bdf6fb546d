package io.ppctl.policies;

import io.ppctl.core.Cleanup;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file as it was before a command rewrote it: a hard link (or, where links are not supported, a copy) beside
 * it, put back by {@link #restore()} when a later step fails or on Ctrl-C, dropped by {@link #keep()}.
 */
final class FileRestore {
    private final Path file;
    private final Path backup;
    private final Cleanup.Handle cleanup;
    private boolean done;

    private FileRestore(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                backup = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".ppctl-backup");
                Files.delete(backup);
                try {
                    // ppctl replaces files by rename, so a second link keeps the original itself, to the nanosecond
                    Files.createLink(backup, file);
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
                }
            } else {
                backup = null;
            }
        } catch (IOException e) {
            throw PpctlException.usage("cannot keep a copy of " + file + " before changing it: " + e.getMessage());
        }
        this.cleanup = Cleanup.global().register("restore " + file, this::restore);
    }

    static FileRestore of(Path file) {
        return new FileRestore(file);
    }

    static String read(Path file) {
        try {
            return InputFiles.readText(file, InputFiles.TEXT_LIMIT);
        } catch (IOException e) {
            throw PpctlException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Puts the file back as it was (or removes it if it did not exist). */
    void restore() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (backup == null) {
                Files.deleteIfExists(file);
            } else if (Files.exists(file) && Files.mismatch(file, backup) == -1) {
                Files.delete(backup); // the write never happened: the file is the original
            } else {
                Files.move(backup, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException ignored) {
            // best effort (a backup that could not go back stays beside the file); the original error is what matters
        }
        cleanup.close();
    }

    /** The change stays: drop the copy. */
    void keep() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (backup != null) {
                Files.deleteIfExists(backup);
            }
        } catch (IOException ignored) {
            // a stray backup file is harmless
        }
        cleanup.close();
    }
}
