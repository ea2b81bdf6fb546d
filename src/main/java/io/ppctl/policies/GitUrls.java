package io.ppctl.policies;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy repo URLs as ppctl shows and records them. Credentials belong in the user's git setup (SSH agent,
 * credential helpers), but a URL may still carry one (https://user:token@host/...): it must never reach the
 * lock file, a label, a log line or an error message.
 */
public final class GitUrls {
    private static final Pattern USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s]*)@");

    private GitUrls() {}

    /**
     * The URL without secrets: http(s) user info is dropped whole (a bare token is a secret too); for other
     * schemes the user name stays (ssh://git@host is not a secret) and only a password goes.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USERINFO.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
            String userInfo = m.group(2);
            String kept;
            if (scheme.startsWith("http") || scheme.startsWith("ftp")) {
                kept = m.group(1);
            } else {
                int colon = userInfo.indexOf(':');
                kept = m.group(1) + (colon < 0 ? userInfo : userInfo.substring(0, colon)) + "@";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A line of git output with {@code url} (and any other URL's credentials) removed. */
    public static String redactText(String text, String url) {
        String t = url == null || url.isEmpty() ? text : text.replace(url, redact(url));
        return redact(t);
    }
}
