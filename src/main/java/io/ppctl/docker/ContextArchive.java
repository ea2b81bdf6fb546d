package io.ppctl.docker;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The build context as the uncompressed tar stream the Docker CLI sends: the context folder minus what
 * .dockerignore excludes, owned by root, in lexical order, symbolic links kept as links. It is produced while the
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

    private record Frame(String dir, Iterator<Path> children, DockerIgnore.Match match) {}

    private final Path root;
    private final DockerIgnore ignore;
    private final Deque<Frame> stack = new ArrayDeque<>();
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
    private boolean started;
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
            this.ignore = ignore.keeping(".dockerignore", relative(df));
        } else {
            this.digest = new ContextDigest();
            this.injectedName = INJECTED;
            this.ignore = ignore.keeping(".dockerignore");
            byte[] content = generated != null ? generated.getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(df);
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
        if (!started) {
            started = true;
            stack.push(new Frame("", children(root), DockerIgnore.Match.root()));
        }
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (!frame.children().hasNext()) {
                stack.pop();
                continue;
            }
            Path path = frame.children().next();
            String name = frame.dir().isEmpty() ? path.getFileName().toString() : frame.dir() + "/" + path.getFileName();
            if (visit(path, name, frame.match())) {
                return;
            }
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

    /** Adds one walked path; returns false when it added nothing (excluded, or a kind of file tar does not carry). */
    private boolean visit(Path path, String name, DockerIgnore.Match parentMatch) throws IOException {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(path, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false; // deleted while we walked
        } catch (UnsupportedOperationException e) {
            attrs = portableAttributes(path);
        }
        int mode = (Integer) attrs.get("mode");
        int type = mode & 0170000;
        DockerIgnore.Match match = ignore.match(name, parentMatch);
        if (type == 0040000) {
            if (match.excluded()) {
                if (!ignore.canSkipExcludedDir(name)) {
                    stack.push(new Frame(name, children(path), match));
                }
                return false;
            }
            TarArchiveEntry entry = new TarArchiveEntry(name + "/");
            header(entry, mode, attrs);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            if (digest != null) {
                digest.directory(name, mode);
            }
            stack.push(new Frame(name, children(path), match));
            return true;
        }
        if (match.excluded()) {
            return false;
        }
        if (type == 0120000) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            String target = Files.readSymbolicLink(path).toString();
            entry.setLinkName(target);
            header(entry, mode, attrs);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            if (digest != null) {
                digest.link(name, mode, target);
            }
            return true;
        }
        if (type != 0100000) {
            return false; // sockets, devices and pipes have no place in a build context
        }
        if (injectedName != null && name.equals(".dockerignore")) {
            sawDockerignore = true;
            byte[] onDisk = Files.readAllBytes(path);
            String original = new String(onDisk, StandardCharsets.UTF_8);
            String sep = original.isEmpty() || original.endsWith("\n") ? "" : "\n";
            addBytes(name, (original + sep + injectedName + "\n").getBytes(StandardCharsets.UTF_8), mode);
            // The digest describes the context as it is on disk; the added line is ppctl's, not the project's.
            digest.file(name, mode, onDisk.length, java.util.HexFormat.of().formatHex(ContextDigest.sha256().digest(onDisk)));
            return true;
        }
        long size = (Long) attrs.get("size");
        InputStream in;
        try {
            in = size > 0 ? Files.newInputStream(path) : null;
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read " + name + " in the build context: permission denied "
                    + "(fix its permissions, or exclude it in .dockerignore)", e);
        }
        TarArchiveEntry entry = new TarArchiveEntry(name);
        header(entry, mode, attrs);
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
        return true;
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

    private static void header(TarArchiveEntry entry, int mode, Map<String, Object> attrs) {
        entry.setMode(mode);
        entry.setIds(0, 0);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(((FileTime) attrs.get("lastModifiedTime")).toMillis() / 1000 * 1000);
    }

    private static Map<String, Object> portableAttributes(Path path) throws IOException {
        var basic = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int type = basic.isDirectory() ? 0040000 : basic.isSymbolicLink() ? 0120000 : basic.isRegularFile() ? 0100000 : 0;
        int perm = basic.isDirectory() || Files.isExecutable(path) ? 0755 : 0644;
        return Map.of("mode", type | perm, "size", basic.size(), "lastModifiedTime", basic.lastModifiedTime());
    }

    /** A folder's entries in lexical order, as Docker walks them. */
    private static Iterator<Path> children(Path dir) throws IOException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                list.add(p);
            }
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read the folder " + dir + " of the build context: permission denied "
                    + "(fix its permissions, or exclude it in .dockerignore)", e);
        }
        list.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return list.iterator();
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
