package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Hostile stand-ins for a file ppctl reads whole: a FIFO (an open blocks until a writer comes), a link to
 * /dev/zero (never ends), and a sparse file larger than any array (costs no disk, but a whole read fails or
 * exhausts the heap). Each replaces what is at {@code file}.
 */
public final class SpecialFiles {
    private SpecialFiles() {}

    public static Path fifo(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createDirectories(file.toAbsolutePath().getParent());
            int rc = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("mkfifo " + file + " exited " + rc);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Path devZero(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.createSymbolicLink(file, Path.of("/dev/zero"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sparse file of 8 GiB whose first bytes are {@code start}. */
    public static Path huge(Path file, String start) {
        try {
            Files.deleteIfExists(file);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(start.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), (8L << 30) - 1);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
