package io.ppctl.build;

import io.ppctl.docker.Labels;
import io.ppctl.version.GitFacts;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels that make a released image traceable: the OCI annotations (version, revision, created, source,
 * title) and {@code io.ppctl.tools}, the tool versions pinned in the Dockerfile, written compactly as
 * {@code KYVERNO_VERSION=v1.15.2,HELM_VERSION=v3.19.0} (Dockerfile order; empty when it pins none).
 */
public final class BuildLabels {
    private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@([^:/]+):(?!//)(.+)$");
    private static final Pattern SSH_URL = Pattern.compile("^(?:ssh|git\\+ssh)://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/(.+)$");

    private BuildLabels() {}

    /** RFC 3339 in UTC, to the second: 2026-03-18T09:15:02Z. */
    public static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    public static Map<String, String> of(String version, GitFacts git, Instant created, String imageName, Map<String, String> tools) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.OCI_VERSION, version);
        if (git.commit() != null) {
            labels.put(Labels.OCI_REVISION, git.commit());
        }
        labels.put(Labels.OCI_CREATED, rfc3339(created));
        if (git.remoteUrl() != null && !git.remoteUrl().isBlank()) {
            labels.put(Labels.OCI_SOURCE, sourceUrl(git.remoteUrl()));
        }
        labels.put(Labels.OCI_TITLE, imageName.substring(imageName.lastIndexOf('/') + 1));
        labels.put(Labels.TOOLS, tools(tools));
        return labels;
    }

    public static String tools(Map<String, String> tools) {
        StringBuilder sb = new StringBuilder();
        tools.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * A browsable URL for the source label: SSH remotes (git@github.com:acme/x.git, ssh://git@host/acme/x.git)
     * become https://host/acme/x, which registries such as GHCR use to link the image to its repository.
     * Credentials were already removed by {@link GitFacts}.
     */
    public static String sourceUrl(String remote) {
        String r = remote.strip();
        Matcher m = SCP_LIKE.matcher(r);
        if (!m.matches()) {
            m = SSH_URL.matcher(r);
        }
        if (m.matches()) {
            return "https://" + m.group(1) + "/" + stripGit(m.group(2));
        }
        if (r.startsWith("https://") || r.startsWith("http://")) {
            return stripGit(r);
        }
        return r;
    }

    private static String stripGit(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.endsWith(".git") ? p.substring(0, p.length() - 4) : p;
    }
}
