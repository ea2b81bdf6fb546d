package io.ppctl.cli;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Files ppctl reads whole, given hostile content: too large, a device, a FIFO, one endless line. Each is refused
 * with exit 2 and one short line, in bounded time, before anything touches Docker.
 */
class InputBoundsTest {
    private TestProject project;

    @BeforeEach
    void create() {
        project = TestProject.git().write("VERSION", "v1.0.2\n").write("Dockerfile", "FROM scratch\n").commit("init");
    }

    @AfterEach
    void remove() {
        project.close();
    }

    private CliResult ppctl(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Cli.inProject(project.dir(), args));
    }

    private static void assertOneShortLine(CliResult r, String expected) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderrLines()).as(r.toString()).hasSize(1);
        assertThat(r.stderr()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stderr().length()).as("stderr length").isLessThan(400);
    }

    @Test
    void anEightMegabyteConfigIsRefusedBeforeParsingInWellUnderASecond() throws IOException {
        // One long comment: what made the YAML parser take 37 s.
        project.write("ppctl.yaml", "# " + "x".repeat(8 << 20) + "\ntags: [latest]\n");
        Cli.inProject(project.dir(), "version"); // warm the classes, so the figure is the check's, not start-up's
        long start = System.nanoTime();
        CliResult r = ppctl("version");
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("8 MiB ppctl.yaml refused in " + ms + " ms");
        assertOneShortLine(r, "ppctl.yaml: config file is 8.0 MiB, larger than 256 KiB");
        assertThat(ms).isLessThan(1000);
    }

    @Test
    void aConfigJustUnderTheBoundIsStillReadInBoundedTime() {
        project.write("ppctl.yaml", "# " + "x".repeat((256 << 10) - 40) + "\ntags: [latest]\n");
        assertThat(ppctl("version").exitCode()).isZero();
        long start = System.nanoTime();
        io.ppctl.config.ConfigLoader.load(project.path("ppctl.yaml"), true);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("256 KiB ppctl.yaml (one comment) parsed in " + ms + " ms");
        assertThat(ms).isLessThan(5000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VERSION", "ppctl.yaml", ".trivyignore", "policies.lock"})
    void aFileLinkedToDevZeroIsRefused(String file) throws IOException {
        Files.delete(linkable(file));
        Files.createSymbolicLink(project.path(file), Path.of("/dev/zero"));
        CliResult r = file.equals(".trivyignore") ? ppctl("scan", "--image", "ppctl-test/none:1")
                : file.equals("policies.lock") ? ppctl("policies", "list") : ppctl("version");
        assertOneShortLine(r, file + ": ");
        assertThat(r.stderr()).contains("is a character device, not a regular file");
    }

    private Path linkable(String file) {
        if (!Files.exists(project.path(file))) {
            project.write(file, "");
        }
        return project.path(file);
    }

    @Test
    void aFifoAsVersionIsRefusedWithoutHanging() throws Exception {
        project.delete("VERSION");
        assertThat(new ProcessBuilder("mkfifo", project.path("VERSION").toString()).start().waitFor()).isZero();
        assertOneShortLine(ppctl("version"), "VERSION: version file is a FIFO (named pipe), not a regular file");
        assertOneShortLine(ppctl("bump", "patch"), "VERSION: version file is a FIFO (named pipe), not a regular file");
    }

    @Test
    void aTenMegabyteOneLineVersionIsNotQuotedWhole() {
        project.write("VERSION", "v" + "9".repeat(10 << 20) + "\n");
        assertOneShortLine(ppctl("version"), "VERSION: version file is 10.0 MiB, larger than 256 KiB");
    }

    @Test
    void aLongBadVersionUnderTheBoundIsQuotedAsAShortEscapedPrefix() {
        project.write("VERSION", "v1.x\u001b[2J" + "z".repeat(200_000) + "\n");
        CliResult r = ppctl("version");
        assertOneShortLine(r, "VERSION: 'v1.x\\u001b[2Jzzz");
        assertThat(r.stderr()).contains("...' (200008 characters) is not a semantic version").doesNotContain("\u001b");
    }

    @Test
    void aLongBadConfigValueIsQuotedAsAShortPrefix() {
        project.write("ppctl.yaml", "image:\n  name: \"" + "A".repeat(200_000) + "\"\n");
        CliResult r = ppctl("version");
        assertOneShortLine(r, "image.name: 'AAAA");
        assertThat(r.stderr()).contains("(200000 characters) is not a valid image name");
    }

    @Test
    void aVerificationKeyThatIsAFifoIsRefusedWithoutHanging() {
        io.ppctl.testing.SpecialFiles.fifo(project.path("cosign.pub"));
        assertOneShortLine(ppctl("verify", "127.0.0.1:5000/app:v1.0.0", "--key", project.path("cosign.pub").toString()),
                "cosign.pub is a FIFO (named pipe), not a regular file");
    }
}
