package io.ppctl.context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest of a build context, entry by entry in the order the context is sent: type, path, permission bits,
 * size and content hash (a link's target). Modification times and owners are left out, as the daemon's own cache
 * key leaves them out. One format for the two places that make it: {@link ContextArchive} while it sends the
 * context, and the build's check whether the context changed since (which reads no more than it must).
 */
public final class ContextDigest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private final MessageDigest digest = sha256();
    private long entries;

    public void directory(String name, int mode) {
        entry('d', name, mode, 0, "");
    }

    public void link(String name, int mode, String target) {
        entry('l', name, mode, 0, target);
    }

    /** A regular file; {@code sha256} is the hex SHA-256 of its content. */
    public void file(String name, int mode, long size, String sha256) {
        entry('f', name, mode, size, size == 0 ? EMPTY_SHA256 : sha256);
    }

    public long entries() {
        return entries;
    }

    /** The hex digest; the digest cannot be added to afterwards. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private void entry(char type, String name, int mode, long size, String content) {
        entries++;
        String line = type + "\0" + name + "\0" + Integer.toOctalString(mode & 07777) + "\0" + size + "\0" + content + "\n";
        digest.update(line.getBytes(StandardCharsets.UTF_8));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
