package io.ppctl.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations the way people write them in YAML: 30s, 2m, 1h30m, 500ms. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** No duration ppctl takes is longer (keys and options have their own, lower bounds). */
    public static final Duration MAX = Duration.ofDays(365);

    private Durations() {}

    public static Duration parse(String text) {
        return parse(text, MAX);
    }

    /** As {@link #parse(String)}, refusing anything longer than {@code max} (also what overflows a long). */
    public static Duration parse(String text, Duration max) {
        String t = text.trim().toLowerCase();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("expected a duration such as 30s, 2m or 500ms, found nothing");
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            try {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            } catch (NumberFormatException | ArithmeticException overflow) {
                throw tooLong(text, max);
            }
            if (total.compareTo(max) > 0) {
                throw tooLong(text, max);
            }
            end = m.end();
        }
        if (end != t.length()) {
            throw new IllegalArgumentException(Quote.of(text) + " is not a duration; write it like 30s, 2m, 1h30m or 500ms");
        }
        return total;
    }

    static IllegalArgumentException tooLong(String text, Duration max) {
        return new IllegalArgumentException("must be at most " + compact(max) + ", found " + Quote.of(text.trim()));
    }

    /** 1.2s, 850ms, 2m05s. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }

    /** The shortest exact spelling: 30s, 2m, 500ms. */
    public static String compact(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
