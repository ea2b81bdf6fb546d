package io.ppctl.build;

import io.ppctl.context.DockerIgnore;
import io.ppctl.testing.SpecialFiles;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The build context's digest: what changes it, what does not, and when files are read again. */
class ContextFingerprintTest {
    private final TestProject project = TestProject.create()
            .write("Dockerfile", "FROM scratch\n").write("policies/a/p.yaml", "kind: ClusterPolicy\n")
            .write("policies/b/q.yaml", "kind: Policy\n").write(".dockerignore", "notes\n**/*.tmp\ntarget\n");

    @AfterEach
    void remove() {
        project.close();
    }

    private ContextFingerprint.Result digest() throws IOException {
        return digest(0);
    }

    private ContextFingerprint.Result digest(long racyNanos) throws IOException {
        DockerIgnore ignore = DockerIgnore.parse(project.read(".dockerignore"));
        return ContextFingerprint.compute(project.dir(), ignore, project.path("target/ppctl"), racyNanos);
    }

    @Test
    void changesWithContentPermissionsNewAndRemovedFilesAndLinks() throws IOException {
        String first = digest().sha256();
        assertThat(digest().sha256()).isEqualTo(first);

        project.write("policies/a/p.yaml", "kind: ClusterPolicy\n# edited\n");
        String edited = digest().sha256();
        assertThat(edited).isNotEqualTo(first);

        Files.setPosixFilePermissions(project.path("policies/a/p.yaml"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String executable = digest().sha256();
        assertThat(executable).isNotEqualTo(edited);

        project.write("policies/c/new.yaml", "x\n");
        String added = digest().sha256();
        assertThat(added).isNotEqualTo(executable);

        project.delete("policies/c/new.yaml");
        String removedFileKeptFolder = digest().sha256();
        assertThat(removedFileKeptFolder).isNotEqualTo(added).isNotEqualTo(executable);
        project.delete("policies/c");
        assertThat(digest().sha256()).isEqualTo(executable);

        Files.createSymbolicLink(project.path("policies/link"), Path.of("a/p.yaml"));
        String linked = digest().sha256();
        assertThat(linked).isNotEqualTo(executable);
        Files.delete(project.path("policies/link"));
        Files.createSymbolicLink(project.path("policies/link"), Path.of("b/q.yaml"));
        assertThat(digest().sha256()).isNotEqualTo(linked);
    }

    @Test
    void ignoredFilesAndModificationTimesDoNotCount() throws IOException {
        String first = digest().sha256();
        project.write("notes/todo.md", "later\n").write("policies/a/scratch.tmp", "tmp\n");
        assertThat(digest().sha256()).as("files the .dockerignore drops").isEqualTo(first);
        Files.setLastModifiedTime(project.path("policies/a/p.yaml"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(digest().sha256()).as("a touched file, as in the daemon's cache key").isEqualTo(first);
    }

    @Test
    void aRememberedHashIsReusedOnlyWhileSizeTimesAndInodeAreUnchanged() throws IOException {
        assertThat(digest().filesHashed()).isEqualTo(4); // Dockerfile, .dockerignore, p.yaml, q.yaml
        assertThat(digest().filesHashed()).isZero();
        assertThat(project.path("target/ppctl/" + ContextFingerprint.FILE)).exists();

        // same size, new content: the times tell
        project.write("policies/a/p.yaml", "kind: ClusterPolicX\n");
        ContextFingerprint.Result afterEdit = digest();
        assertThat(afterEdit.filesHashed()).isEqualTo(1);

        // replaced by another file with the same content and times: the inode tells
        Path p = project.path("policies/a/p.yaml");
        FileTime mtime = Files.getLastModifiedTime(p);
        Files.createDirectories(project.path("notes"));
        Files.move(p, project.path("notes/p.old"));
        Files.writeString(p, "kind: ClusterPolicX\n");
        Files.setLastModifiedTime(p, mtime);
        assertThat(digest().filesHashed()).isEqualTo(1);
    }

    @Test
    void filesChangedJustBeforeTheHashesAreSavedAreReadAgainNextTime() throws IOException {
        assertThat(digest(ContextFingerprint.RACY).filesHashed()).isEqualTo(4);
        assertThat(digest(ContextFingerprint.RACY).filesHashed()).as("all four were written a moment ago").isEqualTo(4);
    }

    @Test
    void theDigestEqualsTheOneTheArchiveMakesWhileSendingTheContext() throws IOException {
        project.write(".dockerignore", "notes\n**/*.tmp\ntarget\ncache/**\n!cache/keep/**\n")
                .write("cache/keep/x", "x").write("cache/drop/y", "y").write("empty.txt", "").write("a b/ü.yaml", "u\n")
                .write("notes/n.md", "n").write("policies/a/s.tmp", "t");
        Files.setPosixFilePermissions(project.path("policies/a/p.yaml"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(project.path("policies/link"), Path.of("a/p.yaml"));
        Files.createDirectories(project.path("empty-dir"));
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        Files.write(project.path("policies/b/big.bin"), big);
        DockerIgnore ignore = DockerIgnore.parse(project.read(".dockerignore"));

        java.util.concurrent.atomic.AtomicReference<io.ppctl.context.ContextArchive.Stats> sent = new java.util.concurrent.atomic.AtomicReference<>();
        try (io.ppctl.context.ContextArchive archive = new io.ppctl.context.ContextArchive(project.dir(), project.path("Dockerfile"),
                "FROM scratch\nLABEL a=b\n", ignore, sent::set)) {
            archive.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(sent.get().digest()).hasSize(64).isEqualTo(digest().sha256());
        assertThat(digest().sha256()).as("from remembered hashes").isEqualTo(sent.get().digest());

        project.write("policies/b/q.yaml", "kind: Policy # edited\n");
        assertThat(digest().sha256()).isNotEqualTo(sent.get().digest());
    }

    @Test
    void aDamagedOrForeignHashFileIsReadAsEmpty() throws IOException {
        String first = digest().sha256();
        project.write("target/ppctl/" + ContextFingerprint.FILE, "garbage\n\u0000\n");
        ContextFingerprint.Result r = digest();
        assertThat(r.sha256()).isEqualTo(first);
        assertThat(r.filesHashed()).isEqualTo(4);
        project.write("target/ppctl/" + ContextFingerprint.FILE,
                project.read("target/ppctl/" + ContextFingerprint.FILE).replaceAll("(?m)^[0-9a-f]{64}\t\\d+", "nothex\tNaN"));
        assertThat(digest().sha256()).isEqualTo(first);
    }

    // Rows 4/16: a FIFO made the build hang in its first step; /dev/zero filled the heap.
    @Test
    void aHashFileThatIsAFifoADeviceOrHugeIsNoCacheAndNeverBlocks() throws IOException {
        String first = digest().sha256();
        Path cache = project.path("target/ppctl/" + ContextFingerprint.FILE);
        for (Runnable make : new Runnable[] {() -> SpecialFiles.fifo(cache), () -> SpecialFiles.devZero(cache),
                () -> SpecialFiles.huge(cache, "# ppctl context hashes v1: sha256 size mtime-ns ctime-ns inode path\n")}) {
            make.run();
            ContextFingerprint.Result r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> digest());
            assertThat(r.sha256()).isEqualTo(first);
            assertThat(r.filesHashed()).isEqualTo(4);
        }
    }
}
