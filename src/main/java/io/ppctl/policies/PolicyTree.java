package io.ppctl.policies;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one policy repo (a pinned commit's tree, or what is in policies/&lt;name&gt;), each with its
 * git mode and the SHA-256 of its content, plus one digest for the whole tree.
 *
 * <p>The digest is SHA-256 over, for every file in path order (paths compared as UTF-8 bytes),
 * {@code <mode> SP <sha256 of content> SP <relative path> NUL}, written {@code sha256:<hex>}. Modes are git's:
 * 100644, 100755 (owner-executable), 120000 (symbolic link; its content is the link target). Folders count only
 * through the files in them, as in git. So the same tree always gives the same digest, on every machine.
 */
public record PolicyTree(List<File> files, String digest) {

    /** One file: path relative to the repo's folder, '/'-separated. */
    public record File(String path, String mode, String sha256) {
        public boolean executable() {
            return mode.equals(MODE_EXECUTABLE);
        }
    }

    public static final String MODE_FILE = "100644";
    public static final String MODE_EXECUTABLE = "100755";
    public static final String MODE_SYMLINK = "120000";

    static final Comparator<String> PATH_ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    public PolicyTree {
        files = List.copyOf(files);
    }

    public static PolicyTree of(List<File> files) {
        List<File> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(File::path, PATH_ORDER));
        MessageDigest sha = sha256();
        for (File f : sorted) {
            sha.update((f.mode() + " " + f.sha256() + " " + f.path()).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return new PolicyTree(sorted, "sha256:" + HexFormat.of().formatHex(sha.digest()));
    }

    public static String contentHash(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    public Map<String, File> byPath() {
        Map<String, File> out = new LinkedHashMap<>();
        for (File f : files) {
            out.put(f.path(), f);
        }
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
