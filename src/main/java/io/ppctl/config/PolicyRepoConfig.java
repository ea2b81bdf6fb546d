package io.ppctl.config;

import io.ppctl.core.Quote;

/** One entry of {@code policyRepos:}: a git repository pinned into policies/&lt;name&gt; and /repos/&lt;name&gt;. */
public record PolicyRepoConfig(String name, String url, String ref, String path) {

    static PolicyRepoConfig read(ConfigReader r) {
        String name = r.string("name", null);
        String url = r.string("url", null);
        String ref = r.string("ref", null);
        String path = r.string("path", "");
        if (name == null) {
            r.problem(null, "missing 'name' (the folder under policies/ and /repos/)");
        } else if (!validName(name)) {
            r.problem("name", Quote.of(name) + " is not a valid folder name (letters, digits, '.', '_', '-'; no '/')");
        }
        if (url == null || url.isBlank()) {
            r.problem(null, "missing 'url' (any git URL: https://, ssh://, git@host:path, file://)");
        }
        if (ref == null || ref.isBlank()) {
            r.problem(null, "missing 'ref' (a tag, branch or commit)");
        }
        if (!validPath(path)) {
            r.problem("path", Quote.of(path) + " must be a relative folder inside the repository, without '..'");
        }
        return new PolicyRepoConfig(name, url, ref, path);
    }

    /** A folder name under policies/ and /repos/ (the lock file is checked against the same rule). */
    public static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    }

    public static boolean validPath(String path) {
        return path != null && !path.startsWith("/") && !path.contains("..");
    }
}
