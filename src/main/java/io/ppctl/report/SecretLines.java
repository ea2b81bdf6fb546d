package io.ppctl.report;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Output quoted in reports, the console and JUnit comes from tools inside an image ppctl does not trust; a line
 * that looks like a credential (an HTTP Authorization header, git's http.extraheader, a token or password
 * assignment, a known token format, a URL with a password) is replaced as a whole before it is quoted.
 */
public final class SecretLines {
    public static final String REDACTED = "[line redacted: it looks like a credential]";

    private static final Pattern SECRET = Pattern.compile(String.join("|",
            "(?i)\\bauthorization\\b",
            "(?i)extraheader",
            "(?i)\\b(bearer|basic)\\s+[A-Za-z0-9+/=._~-]{8,}",
            "(?i)(?<![a-z])(access[_-]?token|auth[_-]?token|token|passwd|password|secret|api[_-]?key|private[_-]?key)[\"']?\\s*[:=]",
            "\\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})",
            "\\beyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}",
            "-----BEGIN [A-Z ]*PRIVATE KEY-----",
            "://[^/\\s:@]+:[^/\\s@]+@"));

    private SecretLines() {}

    public static boolean looksSecret(String line) {
        return SECRET.matcher(line).find();
    }

    /** {@code text} with every credential-like line replaced by {@link #REDACTED}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return text.lines().map(l -> looksSecret(l) ? REDACTED : l).collect(Collectors.joining("\n"));
    }
}
