package io.ppctl.init;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a git remote points, as host and repository path: {@code git@github.com:acme/policy-platform.git},
 * {@code ssh://git@host:22/acme/x.git} and {@code https://user:token@host/acme/x} all come down to a host and a path,
 * so nothing of a credential in the URL survives into what ppctl init writes.
 */
public record GitRemote(String host, String path) {
    private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@([^:/]+):(?!//)/?(.+)$");
    private static final Pattern URL = Pattern.compile("^(?:ssh|git\\+ssh|git|https?)://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/(.+)$");

    /** The host and path of a remote URL; empty for a local path, file:// or anything without both. */
    public static Optional<GitRemote> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String u = url.strip();
        Matcher m = SCP_LIKE.matcher(u);
        if (!m.matches()) {
            m = URL.matcher(u);
        }
        if (!m.matches()) {
            return Optional.empty();
        }
        String path = m.group(2).replaceAll("/+$", "").replaceFirst("\\.git$", "");
        if (path.isEmpty() || path.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(new GitRemote(m.group(1).toLowerCase(Locale.ROOT), path));
    }

    /** The repository's own name, the last part of the path. */
    public String repositoryName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The container registry that goes with the remote's host, for an image of that name: GitHub's is GHCR under the
     * owner, GitLab's is the project's own registry. Registries take lower-case paths only. Empty for other hosts,
     * whose registry ppctl cannot guess.
     */
    public Optional<Suggestion> registryFor(String image) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (host.equals("github.com") && lower.contains("/")) {
            return Optional.of(new Suggestion("ghcr", "ghcr.io/" + lower.substring(0, lower.indexOf('/')) + "/" + image));
        }
        if (host.equals("gitlab.com") && lower.contains("/")) {
            return Optional.of(new Suggestion("gitlab", "registry.gitlab.com/" + lower + "/" + image));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return host + "/" + path;
    }

    /** A registry entry for ppctl.yaml: its short name and repository. */
    public record Suggestion(String name, String repository) {}
}
