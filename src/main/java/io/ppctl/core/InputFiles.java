package io.ppctl.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reads the files ppctl takes in whole (ppctl.yaml, VERSION, .trivyignore, policies.lock, .dockerignore, the
 * Dockerfile, records and reports) the one safe way: only a regular file (a FIFO would block the open, /dev/zero
 * never ends), and only up to a bound, checked before parsing (a YAML parser needs quadratic time on one long
 * scalar, and a bigger-than-memory file would end in an out-of-memory error). The bounds are documented in
 * docs/input-limits.md.
 */
public final class InputFiles {
    /** Every file a person writes: config, VERSION, ignore files, the lock, the Dockerfile, docker's config.json. */
    public static final long TEXT_LIMIT = 256L << 10;
    /** Reports other tools write for ppctl (Trivy's JSON of a large image runs to tens of MB). */
    public static final long REPORT_LIMIT = 256L << 20;

    private InputFiles() {}

    /** The file is not a regular file, or is larger than the bound: the message says which, without the path. */
    public static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * The file as strict UTF-8 text. Throws what {@link Files#readString} throws (NoSuchFileException,
     * AccessDeniedException, MalformedInputException) and {@link Refused}.
     */
    public static String readText(Path file, long limit) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(readBytes(file, limit))).toString();
    }

    /** The file's bytes; see {@link #readText}. */
    public static byte[] readBytes(Path file, long limit) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new Refused("is " + kind(file, attrs) + ", not a regular file");
        }
        if (attrs.size() > limit) {
            throw tooLarge(attrs.size(), limit);
        }
        // Read at most limit + 1 bytes: the file may grow after the check, and some (/proc) report size 0.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tooLarge(-1, limit);
            }
            return bytes;
        }
    }

    private static Refused tooLarge(long size, long limit) {
        return new Refused((size < 0 ? "is larger than " : "is " + binary(size) + ", larger than ") + binary(limit)
                + ", the most ppctl reads from such a file (docs/input-limits.md)");
    }

    /** 1 MiB, 8.0 MiB, 512 B. */
    public static String binary(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return v == Math.rint(v) ? (long) v + " " + units[i] : String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    private static String kind(Path file, BasicFileAttributes attrs) {
        if (attrs.isDirectory()) {
            return "a directory";
        }
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }
}
