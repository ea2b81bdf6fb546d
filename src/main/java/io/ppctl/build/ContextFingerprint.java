package io.ppctl.build;

import io.ppctl.context.ContextDigest;
import io.ppctl.context.ContextWalk;
import io.ppctl.context.DockerIgnore;
import io.ppctl.core.AtomicFile;
import io.ppctl.context.ContextArchive;
import io.ppctl.core.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ContextDigest} of the build context as it is now on disk, without sending it: the same
 * {@link ContextWalk} as {@link ContextArchive}, which makes the same digest of what it sends.
 *
 * <p>Reading thousands of policy files for every build would cost more than it saves, so the content hash of each
 * file is remembered in target/ppctl/context-hashes.tsv together with what git's index remembers for the same
 * purpose (size, modification and change time in nanoseconds, inode), and reused while those are unchanged. A file
 * changed within {@link #RACY} of the moment the hashes are saved is not remembered ("racily clean" in git's terms:
 * on a file system with coarse timestamps, a later change in the same tick would keep its times).
 */
final class ContextFingerprint {
    static final String FILE = "context-hashes.tsv";
    private static final String HEADER = "# ppctl context hashes v1: sha256 size mtime-ns ctime-ns inode path";
    static final long RACY = TimeUnit.SECONDS.toNanos(2);
    private static final int BUFFER = 64 * 1024;
    /**
     * About 170 bytes a file: room for some 390,000 files in the context. A larger file (or a FIFO, a device) is
     * no cache: every file is read again, which is only slower.
     */
    static final long LIMIT = 64L << 20;

    /** What the hash of one file was computed from. */
    record Stat(long size, long mtimeNanos, long ctimeNanos, long inode) {}

    private record Known(Stat stat, String sha256) {}

    /** The digest, and how many files were read because their remembered hash could not be used. */
    record Result(String sha256, int entries, int filesHashed) {}

    private final Path root;
    private final DockerIgnore ignore;
    private final Path cacheFile;
    private final long racyNanos;
    private final Map<String, Known> known;
    private final Map<String, Known> seen = new HashMap<>();
    private final ContextDigest digest = new ContextDigest();
    private final byte[] buffer = new byte[BUFFER];
    private int hashed;

    private ContextFingerprint(Path contextDir, DockerIgnore ignore, Path stateDir, long racyNanos) {
        this.root = contextDir.toAbsolutePath().normalize();
        this.racyNanos = racyNanos;
        this.ignore = ignore.keeping(".dockerignore");
        this.cacheFile = stateDir.resolve(FILE);
        this.known = load(cacheFile);
    }

    /**
     * The digest of {@code contextDir} filtered by {@code ignore}, remembering file hashes in {@code stateDir}.
     *
     * @throws IOException when the context cannot be read (the build itself then reports it)
     */
    static Result compute(Path contextDir, DockerIgnore ignore, Path stateDir) throws IOException {
        return compute(contextDir, ignore, stateDir, RACY);
    }

    /** As {@link #compute(Path, DockerIgnore, Path)}, not remembering files changed within {@code racyNanos}. */
    static Result compute(Path contextDir, DockerIgnore ignore, Path stateDir, long racyNanos) throws IOException {
        ContextFingerprint f = new ContextFingerprint(contextDir, ignore, stateDir, racyNanos);
        f.walk();
        f.save();
        return new Result(f.digest.hex(), (int) f.digest.entries(), f.hashed);
    }

    private void walk() throws IOException {
        ContextWalk walk = new ContextWalk(root, ignore);
        for (ContextWalk.Entry e; (e = walk.next()) != null; ) {
            switch (e.kind()) {
                case DIRECTORY -> digest.directory(e.name(), e.mode());
                case LINK -> digest.link(e.name(), e.mode(), e.linkTarget());
                case FILE -> {
                    Stat stat = new Stat(e.size(), e.modifiedNanos(), e.ctimeNanos(), e.inode());
                    digest.file(e.name(), e.mode(), stat.size(), contentHash(e.path(), e.name(), stat));
                }
            }
        }
    }

    private String contentHash(Path path, String name, Stat stat) throws IOException {
        Known k = known.get(name);
        if (k != null && k.stat().equals(stat)) {
            seen.put(name, k);
            return k.sha256();
        }
        MessageDigest file = ContextDigest.sha256();
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                file.update(buffer, 0, n);
            }
        }
        hashed++;
        String sha = HexFormat.of().formatHex(file.digest());
        seen.put(name, new Known(stat, sha));
        return sha;
    }

    /** Keeps the hashes of this walk only (files gone from the context are forgotten), never of racily clean files. */
    private void save() {
        if (seen.equals(known) || !Files.isDirectory(cacheFile.getParent()) && !mkdirs(cacheFile.getParent())) {
            return;
        }
        long now = TimeUnit.SECONDS.toNanos(Instant.now().getEpochSecond()) + Instant.now().getNano();
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        seen.forEach((name, k) -> {
            Stat s = k.stat();
            if (now - s.mtimeNanos() < racyNanos || now - s.ctimeNanos() < racyNanos || name.indexOf('\n') >= 0 || name.indexOf('\t') >= 0) {
                return;
            }
            out.append(k.sha256()).append('\t').append(s.size()).append('\t').append(s.mtimeNanos()).append('\t')
                    .append(s.ctimeNanos()).append('\t').append(s.inode()).append('\t').append(name).append('\n');
        });
        try {
            AtomicFile.write(cacheFile, out.toString());
        } catch (RuntimeException e) {
            // Only a cache: the next build reads the files again.
        }
    }

    private static Map<String, Known> load(Path file) {
        Map<String, Known> out = new HashMap<>();
        List<String> lines;
        try {
            lines = InputFiles.readText(file, LIMIT).lines().toList();
        } catch (IOException | RuntimeException e) {
            return out;
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return out;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", 6);
            try {
                if (f.length == 6 && f[0].length() == 64) {
                    out.put(f[5], new Known(new Stat(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                            Long.parseLong(f[4])), f[0]));
                }
            } catch (NumberFormatException e) {
                // a damaged line: that file is read again
            }
        }
        return out;
    }

    private static boolean mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
