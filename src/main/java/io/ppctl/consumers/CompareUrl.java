package io.ppctl.consumers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web page that compares the pushed branch with its base (and offers to open a pull or merge request), for
 * remotes on GitHub, GitLab and Bitbucket Cloud, from any of their URL forms: https://, ssh://, git@host:path.
 */
public final class CompareUrl {
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]*@)?([^/:]+)(?::\\d+)?/(.+)$");
    private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^/:]+):(?!//)(.+)$");

    private CompareUrl() {}

    public static Optional<String> of(String remote, String base, String branch) {
        Matcher m = URL.matcher(remote);
        if (!m.matches()) {
            m = SCP.matcher(remote);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        String host = m.group(1).toLowerCase(Locale.ROOT);
        String path = m.group(2).replaceAll("/+$", "").replaceAll("\\.git$", "");
        if (path.isEmpty()) {
            return Optional.empty();
        }
        String web = "https://" + host + "/" + path;
        if (host.equals("github.com") || host.startsWith("github.")) {
            return Optional.of(web + "/compare/" + ref(base) + "..." + ref(branch) + "?expand=1");
        }
        if (host.equals("gitlab.com") || host.startsWith("gitlab.")) {
            return Optional.of(web + "/-/compare/" + ref(base) + "..." + ref(branch));
        }
        if (host.equals("bitbucket.org")) {
            // Bitbucket Cloud names the source first, then the destination, separated by a carriage return.
            return Optional.of(web + "/branches/compare/" + ref(branch) + "%0D" + ref(base));
        }
        return Optional.empty();
    }

    /** Branch names keep their slashes in these URLs; everything else unusual is escaped. */
    private static String ref(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
    }
}
