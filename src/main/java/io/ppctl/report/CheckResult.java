package io.ppctl.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Duration;
import java.util.List;

/**
 * How one check ended: a smoke-test command, file or metadata check, or an integration case. The same record feeds
 * the text report, {@code --output json} and JUnit XML. On failure {@code message} says why in one line,
 * {@code expected} what the check wanted and {@code actual} what came out (its first lines).
 */
@JsonPropertyOrder({"name", "kind", "status", "passed", "durationMillis", "message", "expected", "actual"})
public record CheckResult(String name, String kind, boolean passed, @JsonIgnore Duration duration, String message,
                          String expected, String actual) {

    /** How many lines of a tool's output a report keeps. */
    public static final int EXCERPT_LINES = 8;

    public static CheckResult pass(String name, String kind, Duration duration) {
        return new CheckResult(name, kind, true, duration, null, null, null);
    }

    public static CheckResult fail(String name, String kind, Duration duration, String message, String expected, String actual) {
        return new CheckResult(name, kind, false, duration, message, expected, actual);
    }

    @JsonProperty("status")
    public String status() {
        return passed ? "passed" : "failed";
    }

    @JsonProperty("durationMillis")
    public long durationMillis() {
        return duration == null ? 0 : duration.toMillis();
    }

    /** The first {@code lines} lines of {@code text}, noting how many were left out; credential-like lines redacted. */
    public static String excerpt(String text, int lines) {
        if (text == null) {
            return "";
        }
        List<String> all = SecretLines.redact(text.strip()).lines().toList();
        if (all.size() <= lines) {
            return String.join("\n", all);
        }
        return String.join("\n", all.subList(0, lines)) + "\n... (" + (all.size() - lines) + " more lines)";
    }

    public static String excerpt(String text) {
        return excerpt(text, EXCERPT_LINES);
    }
}
