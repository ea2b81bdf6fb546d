package io.ppctl.context;

import io.ppctl.core.InputFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The build context as the uncompressed tar stream the Docker CLI sends: the paths of {@link ContextWalk} (the context
 * folder minus what .dockerignore excludes, in lexical order), owned by root, symbolic links kept as links. It is
 * produced while the
 * daemon reads it (nothing is held in memory or written to disk), so a large context starts uploading at once,
 * and excluded folders such as .git or target are not even walked.
 *
 * <p>The Dockerfile the daemon builds may differ from the one on disk (ppctl adds its LABEL instruction), or lie
 * outside the context: then it travels as {@value #INJECTED}, and the .dockerignore sent lists that name so that
 * the daemon drops it from the context again (the Docker CLI does the same for {@code -f ../Dockerfile}, with a
 * random name; a fixed one keeps the .dockerignore, and so the cache of a {@code COPY . .}, the same from build to
 * build). Without a .dockerignore in the context, one that also drops itself is added.
 */
public final class ContextArchive extends InputStream {
    private static final int CHUNK = 64 * 1024;
    static final String INJECTED = ".ppctl.Dockerfile";

    /**
     * What was sent: regular files (and their bytes), the size of the whole tar stream, and the {@link ContextDigest}
     * of the walked context (null when the Dockerfile travels as a file of the context itself, whose ignore rules
     * differ).
     */
    public record Stats(long files, long fileBytes, long tarBytes, String digest) {}

    /** An entry that does not come from the walk: the Dockerfile to build, or a .dockerignore to add. */
    private record Extra(String name, byte[] content) {}

    private final Path root;
    private final ContextWalk walk;
    private final List<Extra> extras = new ArrayList<>();
    private final String injectedName;
    private final Buffer buffer = new Buffer();
    private final TarArchiveOutputStream tar;
    private final byte[] chunk = new byte[CHUNK];
    private final Consumer<Stats> onFinished;
    private final ContextDigest digest;
    private InputStream current;
    private String currentName;
    private int currentMode;
    private long currentSize;
    private java.security.MessageDigest currentDigest;
    private String finishedDigest;
    private long remaining;
    private boolean finished;
    private boolean sawDockerignore;
    private volatile boolean aborted;
    private volatile IOException failure;
    private long files;
    private long fileBytes;
    private long tarBytes;

    /**
     * @param contextDir the context folder
     * @param dockerfile the Dockerfile on disk
     * @param generated  the Dockerfile to build instead of the one on disk, or null to build that one
     * @param ignore     the patterns of the context's .dockerignore ({@link DockerIgnore#NONE} when it has none)
     * @param onFinished told once the whole stream was produced (may be null)
     */
    public ContextArchive(Path contextDir, Path dockerfile, String generated, DockerIgnore ignore, Consumer<Stats> onFinished)
            throws IOException {
        this.root = contextDir.toAbsolutePath().normalize();
        this.onFinished = onFinished;
        Path df = dockerfile.toAbsolutePath().normalize();
        if (generated == null && df.startsWith(root)) {
            this.digest = null;
            this.injectedName = null;
            this.walk = new ContextWalk(root, ignore.keeping(".dockerignore", relative(df)));
        } else {
            this.digest = new ContextDigest();
            this.injectedName = INJECTED;
            this.walk = new ContextWalk(root, ignore.keeping(".dockerignore"));
            byte[] content = generated != null ? generated.getBytes(StandardCharsets.UTF_8) : InputFiles.readBytes(df, InputFiles.TEXT_LIMIT);
            extras.add(new Extra(injectedName, content));
            if (!Files.isRegularFile(root.resolve(".dockerignore"))) {
                extras.add(new Extra(".dockerignore", (".dockerignore\n" + injectedName + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        }
        this.tar = new TarArchiveOutputStream(buffer, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** The name the Dockerfile travels under: its path in the context, or {@value #INJECTED}. */
    public String dockerfileName(Path dockerfile) {
        return injectedName != null ? injectedName : relative(dockerfile.toAbsolutePath().normalize());
    }

    /** Makes the next read fail, so an upload in progress stops (Ctrl-C before the daemon answered). */
    public void abort() {
        aborted = true;
    }

    /** Why producing the stream failed (an unreadable file, ...), or null. */
    public IOException failure() {
        return failure;
    }

    public synchronized Stats stats() {
        return new Stats(files, fileBytes, tarBytes, finishedDigest);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (aborted) {
            throw new IOException("build cancelled");
        }
        if (len == 0) {
            return 0;
        }
        try {
            while (buffer.unread() == 0 && !finished) {
                produce();
            }
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
            failure = io;
            throw io;
        }
        if (buffer.unread() == 0) {
            return -1;
        }
        int n = buffer.drain(b, off, len);
        tarBytes += n;
        return n;
    }

    @Override
    public synchronized void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
        finished = true;
    }

    /** Adds the next piece of the archive (an entry header or a chunk of a file) to the buffer. */
    private void produce() throws IOException {
        if (current != null) {
            int n = current.read(chunk, 0, (int) Math.min(chunk.length, remaining));
            if (n < 0) {
                throw new IOException(currentName + " in the build context shrank while it was being sent");
            }
            tar.write(chunk, 0, n);
            if (currentDigest != null) {
                currentDigest.update(chunk, 0, n);
            }
            remaining -= n;
            if (remaining == 0) {
                current.close();
                current = null;
                tar.closeArchiveEntry();
                if (digest != null) {
                    digest.file(currentName, currentMode, currentSize, java.util.HexFormat.of().formatHex(currentDigest.digest()));
                }
            }
            return;
        }
        ContextWalk.Entry next = walk.next();
        if (next != null) {
            add(next);
            return;
        }
        for (Extra extra : extras) {
            if (extra.name().equals(".dockerignore") && sawDockerignore) {
                continue;
            }
            addBytes(extra.name(), extra.content(), 0100600);
        }
        extras.clear();
        tar.finish();
        tar.flush();
        finished = true;
        finishedDigest = digest == null ? null : digest.hex();
        if (onFinished != null) {
            onFinished.accept(new Stats(files, fileBytes, tarBytes + buffer.unread(), finishedDigest));
        }
    }

    /** Adds one walked path: its header, and for a file the first of its content (the rest follows in produce). */
    private void add(ContextWalk.Entry e) throws IOException {
        String name = e.name();
        int mode = e.mode();
        if (e.kind() == ContextWalk.Kind.DIRECTORY) {
            TarArchiveEntry entry = new TarArchiveEntry(name + "/");
            header(entry, mode, e.modified());
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            if (digest != null) {
                digest.directory(name, mode);
            }
            return;
        }
        if (e.kind() == ContextWalk.Kind.LINK) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(e.linkTarget());
            header(entry, mode, e.modified());
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            if (digest != null) {
                digest.link(name, mode, e.linkTarget());
            }
            return;
        }
        if (injectedName != null && name.equals(".dockerignore")) {
            sawDockerignore = true;
            byte[] onDisk = InputFiles.readBytes(e.path(), InputFiles.TEXT_LIMIT);
            String original = new String(onDisk, StandardCharsets.UTF_8);
            String sep = original.isEmpty() || original.endsWith("\n") ? "" : "\n";
            addBytes(name, (original + sep + injectedName + "\n").getBytes(StandardCharsets.UTF_8), mode);
            // The digest describes the context as it is on disk; the added line is ppctl's, not the project's.
            digest.file(name, mode, onDisk.length, java.util.HexFormat.of().formatHex(ContextDigest.sha256().digest(onDisk)));
            return;
        }
        long size = e.size();
        InputStream in;
        try {
            in = size > 0 ? Files.newInputStream(e.path()) : null;
        } catch (AccessDeniedException x) {
            throw new IOException("cannot read " + name + " in the build context: permission denied "
                    + "(fix its permissions, or exclude it in .dockerignore)", x);
        }
        TarArchiveEntry entry = new TarArchiveEntry(name);
        header(entry, mode, e.modified());
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        files++;
        fileBytes += size;
        if (in == null) {
            tar.closeArchiveEntry();
            if (digest != null) {
                digest.file(name, mode, 0, null);
            }
        } else {
            current = in;
            currentName = name;
            currentMode = mode;
            currentSize = size;
            currentDigest = digest == null ? null : ContextDigest.sha256();
            remaining = size;
        }
    }

    private void addBytes(String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(content.length);
        entry.setModTime(System.currentTimeMillis() / 1000 * 1000);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
        files++;
        fileBytes += content.length;
    }

    private static void header(TarArchiveEntry entry, int mode, FileTime modified) {
        entry.setMode(mode);
        entry.setIds(0, 0);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(modified.toMillis() / 1000 * 1000);
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** A byte buffer the tar writer fills and {@link #read} drains; it is reset whenever it runs empty. */
    private static final class Buffer extends ByteArrayOutputStream {
        private int pos;

        Buffer() {
            super(CHUNK + 16 * 1024);
        }

        int unread() {
            return count - pos;
        }

        int drain(byte[] b, int off, int len) {
            int n = Math.min(len, count - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            if (pos == count) {
                pos = 0;
                count = 0;
            }
            return n;
        }
    }
}
