package io.ppctl.scan;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the gate decided: every finding with its status, counts per severity (highest first), the ignore entries
 * that expired, and the one-line verdict such as {@code 2 CRITICAL (1 ignored), 5 HIGH: FAILED at CRITICAL}.
 */
public record Verdict(Severity threshold, boolean ignoreUnfixed, boolean passed, List<Assessed> findings,
                      Map<Severity, Count> counts, List<IgnoreFile.Entry> expiredIgnores, String line) {

    public enum Status {
        /** At or above the threshold, not ignored: this fails the gate. */
        FAILS_GATE("fails-gate"),
        /** Listed in the ignore file (an entry that has not expired). */
        IGNORED("ignored"),
        /** No fixed version yet, and ignoreUnfixed is on. */
        UNFIXED("unfixed"),
        BELOW_THRESHOLD("below-threshold");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }

    /** A finding and what the gate made of it; {@code expiredIgnore} is the entry that would have ignored it. */
    public record Assessed(Finding finding, Status status, IgnoreFile.Entry ignoredBy, IgnoreFile.Entry expiredIgnore) {}

    public record Count(int total, int ignored, int unfixed, int failing) {}

    public List<Assessed> failing() {
        return findings.stream().filter(a -> a.status() == Status.FAILS_GATE).toList();
    }

    public List<Assessed> ignored() {
        return findings.stream().filter(a -> a.status() == Status.IGNORED).toList();
    }

    static String line(Map<Severity, Count> counts, boolean passed, Severity threshold) {
        List<String> parts = new ArrayList<>();
        counts.forEach((severity, c) -> {
            if (c.total() == 0) {
                return;
            }
            List<String> notes = new ArrayList<>();
            if (c.ignored() > 0) {
                notes.add(c.ignored() + " ignored");
            }
            if (c.unfixed() > 0) {
                notes.add(c.unfixed() + " unfixed");
            }
            parts.add(c.total() + " " + severity + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")"));
        });
        String body = parts.isEmpty() ? "no vulnerabilities" : String.join(", ", parts);
        return body + ": " + (passed ? "PASSED" : "FAILED") + " at " + threshold;
    }
}
