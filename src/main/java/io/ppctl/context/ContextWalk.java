package io.ppctl.context;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The paths of a build context as the Docker CLI sends them: depth first, each folder's entries in lexical order,
 * minus what the .dockerignore excludes (an excluded folder is not even read unless an exception could re-include
 * something inside it), and only folders, symbolic links and regular files. One walk for the two that must agree on
 * it: {@link ContextArchive}, which sends the context, and the build's check whether it changed since the last build
 * (a file one of them skipped and the other not would let a change go unnoticed). Entries come one at a time, so the
 * archive can stream a large context without listing it first.
 */
public final class ContextWalk {
    public enum Kind { DIRECTORY, LINK, FILE }

    /**
     * One path of the context. {@code name} is slash-separated and relative to the context; {@code linkTarget} is set
     * for links only. The change time and inode are 0 where the file system does not tell them.
     */
    public record Entry(String name, Path path, Kind kind, int mode, long size, FileTime modified, long ctimeNanos,
                        long inode, String linkTarget) {
        public long modifiedNanos() {
            return modified.to(TimeUnit.NANOSECONDS);
        }
    }

    private record Frame(String dir, Iterator<Path> children, DockerIgnore.Match match) {}

    private final Path root;
    private final DockerIgnore ignore;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private boolean started;

    /** @param ignore the patterns to apply, as they stand (callers add what they keep whatever the file says) */
    public ContextWalk(Path contextDir, DockerIgnore ignore) {
        this.root = contextDir.toAbsolutePath().normalize();
        this.ignore = ignore;
    }

    /** The next path of the context, or null after the last. */
    public Entry next() throws IOException {
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
            Entry entry = visit(path, name, frame.match());
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    /** The entry for one walked path, or null when it is not part of the context (excluded, gone, or a device). */
    private Entry visit(Path path, String name, DockerIgnore.Match parentMatch) throws IOException {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(path, "unix:mode,size,lastModifiedTime,ctime,ino", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null; // deleted while we walked
        } catch (UnsupportedOperationException e) {
            attrs = portableAttributes(path);
        }
        int mode = (Integer) attrs.get("mode");
        int type = mode & 0170000;
        DockerIgnore.Match match = ignore.match(name, parentMatch);
        if (type == 0040000) {
            if (!match.excluded() || !ignore.canSkipExcludedDir(name)) {
                stack.push(new Frame(name, children(path), match));
            }
            return match.excluded() ? null : entry(name, path, Kind.DIRECTORY, mode, attrs, null);
        }
        if (match.excluded()) {
            return null;
        }
        if (type == 0120000) {
            return entry(name, path, Kind.LINK, mode, attrs, Files.readSymbolicLink(path).toString());
        }
        // sockets, devices and pipes have no place in a build context
        return type == 0100000 ? entry(name, path, Kind.FILE, mode, attrs, null) : null;
    }

    private static Entry entry(String name, Path path, Kind kind, int mode, Map<String, Object> attrs, String linkTarget) {
        FileTime ctime = (FileTime) attrs.get("ctime");
        Number inode = (Number) attrs.get("ino");
        return new Entry(name, path, kind, mode, kind == Kind.FILE ? (Long) attrs.get("size") : 0,
                (FileTime) attrs.get("lastModifiedTime"), ctime == null ? 0 : ctime.to(TimeUnit.NANOSECONDS),
                inode == null ? 0 : inode.longValue(), linkTarget);
    }

    private static Map<String, Object> portableAttributes(Path path) throws IOException {
        var basic = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
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
}
