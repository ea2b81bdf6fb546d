package io.ppctl.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class InputFilesTest {

    @Test
    void readsARegularFileUpToItsBound(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("VERSION"), "v1.0.0\n");
        assertThat(InputFiles.readText(f, 7)).isEqualTo("v1.0.0\n");
        assertThatThrownBy(() -> InputFiles.readText(f, 6)).isInstanceOf(InputFiles.Refused.class)
                .hasMessage("is 7 B, larger than 6 B, the most ppctl reads from such a file (docs/input-limits.md)");
    }

    @Test
    void refusesALargeFileWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), (8L << 30) - 1); // sparse 8 GiB
        }
        assertThatThrownBy(() -> InputFiles.readText(f, InputFiles.TEXT_LIMIT))
                .hasMessageStartingWith("is 8 GiB, larger than 256 KiB");
    }

    @Test
    void refusesDevicesAndFifosWithoutBlocking(@TempDir Path dir) throws Exception {
        Path zero = Files.createSymbolicLink(dir.resolve("VERSION"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> InputFiles.readText(zero, InputFiles.TEXT_LIMIT))
                .isInstanceOf(InputFiles.Refused.class).hasMessage("is a character device, not a regular file");
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                assertThatThrownBy(() -> InputFiles.readText(fifo, InputFiles.TEXT_LIMIT))
                        .hasMessage("is a FIFO (named pipe), not a regular file"));
        assertThatThrownBy(() -> InputFiles.readText(dir, InputFiles.TEXT_LIMIT))
                .hasMessage("is a directory, not a regular file");
    }

    @Test
    void reportsTextThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Path f = Files.write(dir.resolve("x"), new byte[] {(byte) 0xff, 'a'});
        assertThatThrownBy(() -> InputFiles.readText(f, 10)).isInstanceOf(MalformedInputException.class);
        assertThat(InputFiles.readBytes(f, 10)).isEqualTo(new byte[] {(byte) 0xff, 'a'});
        assertThat(new String(InputFiles.readBytes(Files.writeString(dir.resolve("y"), "é"), 10), StandardCharsets.UTF_8))
                .isEqualTo("é");
    }
}
