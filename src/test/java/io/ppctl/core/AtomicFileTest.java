package io.ppctl.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aWriteReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path report = dir.resolve("release-report.json");
        Files.writeString(report, "old");
        Files.setPosixFilePermissions(report, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        AtomicFile.write(report, "new");
        assertThat(report).hasContent("new");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-rw-r--");
        assertThat(names()).containsExactly("release-report.json");
    }

    /** A Ctrl-C's unwinding writes the report on the thread the signal interrupted; the interrupt stays set after. */
    @Test
    void anInterruptedThreadStillWritesTheWholeFileAndKeepsItsInterrupt() throws Exception {
        Path report = dir.resolve("release-report.json");
        Thread.currentThread().interrupt();
        try {
            AtomicFile.write(report, "{\"status\":\"interrupted\"}");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(report).hasContent("{\"status\":\"interrupted\"}");
        assertThat(names()).containsExactly("release-report.json");
    }

    @Test
    void aWriteAfterTheLastCleanUpPassCreatesNothing() throws Exception {
        Cleanup cleanup = new Cleanup();
        cleanup.runAllAndClose();
        assertThatThrownBy(() -> AtomicFile.write(dir.resolve("release-report.json"), "x".getBytes(StandardCharsets.UTF_8), cleanup))
                .isInstanceOf(PpctlException.class);
        assertThat(names()).isEmpty();
    }

    /**
     * A Ctrl-C's last pass while another thread keeps rewriting the report (the race CI's InterruptIT once lost):
     * whatever the timing, no {@code .release-report.json…tmp} outlives the pass, and the report is whole.
     */
    @Test
    void aCleanUpPassRacingWritesNeverLeavesATemporaryFile() throws Exception {
        byte[] content = "{\"status\":\"passed\"}".repeat(5_000).getBytes(StandardCharsets.UTF_8);
        Path report = dir.resolve("release-report.json");
        for (int round = 0; round < 100; round++) {
            Cleanup cleanup = new Cleanup();
            AtomicInteger writes = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try {
                    while (true) {
                        AtomicFile.write(report, content, cleanup);
                        writes.incrementAndGet();
                    }
                } catch (PpctlException stopped) {
                    // the pass closed the clean-up: the writer stops, as the unwinding release would
                }
            });
            writer.start();
            Thread.sleep(round % 5);
            cleanup.runAllAndClose();
            List<String> left = names();
            writer.join(10_000);
            assertThat(writer.isAlive()).isFalse();
            assertThat(left).as("round " + round + " after " + writes + " writes").allMatch(n -> n.equals("release-report.json"));
            assertThat(names()).as("round " + round).allMatch(n -> n.equals("release-report.json"));
            if (Files.exists(report)) {
                assertThat(Files.size(report)).isEqualTo(content.length);
            }
        }
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
