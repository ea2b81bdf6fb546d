package io.ppctl.startup;

import io.ppctl.testing.EngineIndependent;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ./ppctl launcher and the class data sharing archive `mvn package` makes: the archive is used when it fits, and
 * a missing, stale, corrupt or older archive costs nothing but the speed-up (no JVM warning reaches the user).
 * Needs the packaged jar and archive, not Docker.
 */
@EngineIndependent
class LauncherIT {
    private static final String APP_CLASS_FROM_ARCHIVE = "io.ppctl.Ppctl source: shared objects file (top)";
    private Path copy;

    @BeforeEach
    void copyTheLauncher() throws IOException {
        copy = Files.createTempDirectory("ppctl-launcher");
        Files.createDirectories(copy.resolve("target"));
        Files.copy(Path.of("ppctl"), copy.resolve("ppctl"), StandardCopyOption.COPY_ATTRIBUTES);
        // A jar of its own (a fresh modification time): the build's archive was made for another one.
        Files.copy(Cli.jar(), copy.resolve("target/ppctl.jar"));
    }

    @AfterEach
    void remove() {
        TestProject.deleteTree(copy);
    }

    @Test
    void theLauncherMapsPpctlsClassesFromTheArchiveMadeByPackage() throws Exception {
        CliResult r = launch(Path.of("ppctl"), "-Xshare:on -Xlog:class+load", "--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains(APP_CLASS_FROM_ARCHIVE).contains("ppctl 0.");
    }

    @Test
    void anArchiveMadeForAnotherJarIsDroppedWithoutAWord() throws Exception {
        Files.copy(Path.of("target/ppctl.jsa"), copy.resolve("target/ppctl.jsa"));
        touch(copy.resolve("target/ppctl.jsa"), Instant.now().plusSeconds(5));
        assertQuietAndWorking(launch(copy.resolve("ppctl"), "", "--version"));
        assertThat(launch(copy.resolve("ppctl"), "-Xlog:class+load", "--version").stdout()).doesNotContain(APP_CLASS_FROM_ARCHIVE);
    }

    @Test
    void aCorruptArchiveIsDroppedWithoutAWord() throws Exception {
        Files.writeString(copy.resolve("target/ppctl.jsa"), "not an archive");
        touch(copy.resolve("target/ppctl.jsa"), Instant.now().plusSeconds(5));
        assertQuietAndWorking(launch(copy.resolve("ppctl"), "", "--version"));
    }

    @Test
    void anArchiveOlderThanTheJarIsNotEvenTried() throws Exception {
        Files.copy(Path.of("target/ppctl.jsa"), copy.resolve("target/ppctl.jsa"));
        touch(copy.resolve("target/ppctl.jsa"), Instant.now().minusSeconds(3600));
        // -Xshare:on would fail the JVM if the launcher passed this archive.
        assertQuietAndWorking(launch(copy.resolve("ppctl"), "-Xshare:on", "--version"));
    }

    @Test
    void withoutAnArchiveTheLauncherStillWorks() throws Exception {
        assertQuietAndWorking(launch(copy.resolve("ppctl"), "", "--version"));
    }

    private static void assertQuietAndWorking(CliResult r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("ppctl ");
        assertThat(r.stderr()).as(r.toString()).isEmpty();
    }

    private static void touch(Path file, Instant when) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    private static CliResult launch(Path launcher, String javaOpts, String... args) throws Exception {
        Path out = Files.createTempFile("ppctl-out", ".txt");
        Path err = Files.createTempFile("ppctl-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of(launcher.toAbsolutePath().toString())));
            pb.command().addAll(List.of(args));
            pb.environment().putAll(Map.of("PPCTL_JAVA_OPTS", javaOpts));
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("the launcher did not finish within 60 s");
            }
            return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
