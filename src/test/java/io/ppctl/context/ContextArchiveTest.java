package io.ppctl.context;

import io.ppctl.testing.TestProject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tar stream ppctl sends as the build context, read back entry by entry (no daemon needed). */
class ContextArchiveTest {
    private final TestProject ctx = TestProject.create();

    @AfterEach
    void remove() {
        ctx.close();
    }

    /** name -> content (null for folders, "-> target" for links) */
    private static Map<String, String> read(InputStream tar, Map<String, TarArchiveEntry> entries) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), e);
                out.put(e.getName(), e.isDirectory() ? null : e.isSymbolicLink() ? "-> " + e.getLinkName()
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void sendsWhatDockerignoreKeepsOwnedByRootInLexicalOrder() throws Exception {
        ctx.write("Dockerfile", "FROM x\n").write(".dockerignore", "target\n**/*.secret\ndocs\n!docs/keep.md\nDockerfile\n")
                .write("policies/b/p.yaml", "b").write("policies/a/p.yaml", "a").write("policies/a/token.secret", "s")
                .write("target/big.jar", "jar").write("docs/keep.md", "keep").write("docs/drop.md", "drop");
        Path run = ctx.path("run.sh");
        Files.writeString(run, "#!/bin/sh\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(ctx.path("link"), Path.of("policies/a"));
        Files.createDirectories(ctx.path("empty"));

        AtomicReference<ContextArchive.Stats> finished = new AtomicReference<>();
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        ContextArchive archive = new ContextArchive(ctx.dir(), ctx.path("Dockerfile"), null,
                DockerIgnore.parse(ctx.read(".dockerignore")), finished::set);
        Map<String, String> content = read(archive, entries);

        assertThat(content.keySet()).containsExactly(".dockerignore", "Dockerfile", "docs/keep.md", "empty/", "link",
                "policies/", "policies/a/", "policies/a/p.yaml", "policies/b/", "policies/b/p.yaml", "run.sh");
        assertThat(content.get("link")).isEqualTo("-> policies/a");
        assertThat(content.get("Dockerfile")).isEqualTo("FROM x\n");
        assertThat(entries.values()).allSatisfy(e -> {
            assertThat(e.getLongUserId()).isZero();
            assertThat(e.getLongGroupId()).isZero();
        });
        assertThat(entries.get("run.sh").getMode() & 07777).isEqualTo(0750);
        assertThat(entries.get("policies/").getMode() & 0170000).isEqualTo(0040000);
        assertThat(archive.dockerfileName(ctx.path("Dockerfile"))).isEqualTo("Dockerfile");
        assertThat(finished.get().files()).isEqualTo(6);
        assertThat(archive.stats().tarBytes()).isEqualTo(finished.get().tarBytes()).isPositive();
    }

    @Test
    void aGeneratedDockerfileTravelsUnderItsOwnNameAndIsDroppedByTheDaemon() throws Exception {
        ctx.write("Dockerfile", "FROM x\n").write(".dockerignore", "target");
        ContextArchive archive = new ContextArchive(ctx.dir(), ctx.path("Dockerfile"), "FROM x\nLABEL a=b\n",
                DockerIgnore.parse("target"), null);
        Map<String, String> content = read(archive, new LinkedHashMap<>());
        assertThat(archive.dockerfileName(ctx.path("Dockerfile"))).isEqualTo(ContextArchive.INJECTED);
        assertThat(content.get(ContextArchive.INJECTED)).isEqualTo("FROM x\nLABEL a=b\n");
        assertThat(content.get("Dockerfile")).isEqualTo("FROM x\n");
        assertThat(content.get(".dockerignore")).isEqualTo("target\n" + ContextArchive.INJECTED + "\n");
    }

    @Test
    void withoutADockerignoreOneIsAddedThatDropsItselfAndTheInjectedDockerfile() throws Exception {
        ctx.write("src/Dockerfile", "FROM x\n").write("app/file", "f");
        ContextArchive archive = new ContextArchive(ctx.path("app"), ctx.path("src/Dockerfile"), null, DockerIgnore.NONE, null);
        Map<String, String> content = read(archive, new LinkedHashMap<>());
        assertThat(content).containsEntry("file", "f").containsEntry(ContextArchive.INJECTED, "FROM x\n")
                .containsEntry(".dockerignore", ".dockerignore\n" + ContextArchive.INJECTED + "\n");
    }

    @Test
    void anAbortedArchiveFailsTheUpload() throws Exception {
        ctx.write("Dockerfile", "FROM x\n");
        ContextArchive archive = new ContextArchive(ctx.dir(), ctx.path("Dockerfile"), null, DockerIgnore.NONE, null);
        archive.abort();
        assertThatThrownBy(() -> archive.read(new byte[10], 0, 10)).isInstanceOf(IOException.class).hasMessageContaining("cancelled");
    }

    @Test
    void streamsLargeFilesInChunksWithoutHoldingThem() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Files.write(ctx.path("big.bin"), big);
        ctx.write("Dockerfile", "FROM x\n");
        ContextArchive archive = new ContextArchive(ctx.dir(), ctx.path("Dockerfile"), null, DockerIgnore.NONE, null);
        try (TarArchiveInputStream in = new TarArchiveInputStream(archive)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals("big.bin")) {
                    assertThat(in.readAllBytes()).isEqualTo(big);
                }
            }
        }
        assertThat(archive.stats().fileBytes()).isEqualTo(big.length + 7);
    }
}
