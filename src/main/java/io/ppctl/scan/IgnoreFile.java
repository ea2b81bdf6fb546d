package io.ppctl.scan;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trivy's plain ignore file (.trivyignore): one vulnerability ID per line, '#' starts a comment (a whole line, or
 * the rest of a line), and an optional {@code exp:YYYY-MM-DD} after the ID ends the entry. As in Trivy, an entry
 * applies up to the day before its expiry date (UTC) and no longer on that date. Unlike Trivy, which skips a line
 * it cannot read with a warning, anything unreadable here is an error: a typo must not silently un-ignore (or
 * ignore) a finding. Pure: text in, entries out; "today" is passed in.
 */
public record IgnoreFile(String source, List<Entry> entries) {

    /** One ID; {@code expires} is null when the entry never expires. */
    public record Entry(String id, LocalDate expires, int line) {
        public boolean expiredOn(LocalDate today) {
            return expires != null && !today.isBefore(expires);
        }
    }

    /** Every problem of the file, each as "file:line: message". */
    public static final class InvalidException extends RuntimeException {
        private final List<String> problems;

        InvalidException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static IgnoreFile none() {
        return new IgnoreFile("", List.of());
    }

    public static IgnoreFile parse(String source, String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String id = fields[0];
            LocalDate expires = null;
            for (int f = 1; f < fields.length; f++) {
                String field = fields[f];
                if (field.startsWith("#")) {
                    break;
                }
                if (field.startsWith("exp:") && expires == null) {
                    try {
                        expires = LocalDate.parse(field.substring(4));
                    } catch (DateTimeParseException e) {
                        problems.add(source + ":" + lineNo + ": '" + field + "' is not a date; write exp:YYYY-MM-DD");
                    }
                } else {
                    problems.add(source + ":" + lineNo + ": unexpected '" + field + "' after " + id
                            + "; one ID per line, optionally followed by exp:YYYY-MM-DD and a # comment");
                }
            }
            entries.add(new Entry(id, expires, lineNo));
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return new IgnoreFile(source, List.copyOf(entries));
    }

    /** The entry that ignores {@code id} today, if any. */
    public Optional<Entry> active(String id, LocalDate today) {
        return entries.stream().filter(e -> e.id().equals(id) && !e.expiredOn(today)).findFirst();
    }

    /** The expired entry for {@code id}, when the ID has no entry that still applies. */
    public Optional<Entry> expiredFor(String id, LocalDate today) {
        if (active(id, today).isPresent()) {
            return Optional.empty();
        }
        return entries.stream().filter(e -> e.id().equals(id) && e.expiredOn(today)).findFirst();
    }

    public List<Entry> expired(LocalDate today) {
        return entries.stream().filter(e -> e.expiredOn(today)).toList();
    }
}
