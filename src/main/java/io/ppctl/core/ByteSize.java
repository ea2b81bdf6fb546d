package io.ppctl.core;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as Docker prints them: decimal units (MB = 1000^2) like `docker images`, binary ones (MiB) on request. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b)?", Pattern.CASE_INSENSITIVE);

    /** No size ppctl takes is larger (keys and options have their own, lower bounds). */
    public static final long MAX = 1_000_000_000_000_000L;

    private ByteSize() {}

    static IllegalArgumentException tooLarge(String text, long max) {
        return new IllegalArgumentException("must be at most " + format(max) + ", found " + Quote.of(text.trim()));
    }

    public static long parse(String text) {
        return parse(text, MAX);
    }

    /** As {@link #parse(String)}, refusing anything larger than {@code max}. */
    public static long parse(String text, long max) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(Quote.of(text) + " is not a size; write it like 300MB, 1.5GB or 250MiB");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        if (m.group(2) == null && !"0".equals(m.group(1))) {
            throw new IllegalArgumentException(Quote.of(text) + " has no unit; write it like 300MB, 1.5GB or 250MiB");
        }
        long factor = switch (unit) {
            case "b" -> 1L;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1L << 40;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
        if (bytes.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw tooLarge(text, max);
        }
        return bytes.longValue();
    }

    /** 142.1 MB, 3.2 kB, 512 B: one decimal, decimal units. */
    public static String format(long bytes) {
        long abs = Math.abs(bytes);
        String sign = bytes < 0 ? "-" : "";
        if (abs < 1000) {
            return sign + abs + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = abs;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return sign + String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
