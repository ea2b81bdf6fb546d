package io.ppctl.core;

/**
 * Quotes input ppctl refuses: at most a short prefix, with control and non-ASCII characters escaped, so that a
 * 10 MB line or a terminal escape sequence in a file never reaches the console whole.
 */
public final class Quote {
    /** Characters of the input a message shows. */
    public static final int MAX = 60;

    private Quote() {}

    /** {@code text} unchanged when it is short printable ASCII (a key path), otherwise as {@link #of} quotes it. */
    public static String ifNeeded(String text) {
        return text.length() <= MAX && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? text : of(text);
    }

    /** 'v1.2.x', or 'aaaa...' (10485760 characters) for a long one. */
    public static String of(String text) {
        if (text == null) {
            return "''";
        }
        StringBuilder sb = new StringBuilder("'");
        int shown = 0;
        int i = 0;
        while (i < text.length() && shown < MAX) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            shown++;
            if (cp == '\'' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp >= 0x20 && cp < 0x7f) {
                sb.appendCodePoint(cp);
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp <= 0xffff) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        }
        sb.append('\'');
        if (i < text.length()) {
            sb.insert(sb.length() - 1, "...").append(" (").append(text.length()).append(" characters)");
        }
        return sb.toString();
    }
}
