package io.ppctl.version;

import io.ppctl.core.Quote;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Docker's reference grammar (distribution/reference), for checking names and tags before anything is built. */
public final class DockerReference {
    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern IMAGE_ID = Pattern.compile("sha256:[0-9a-f]{1,64}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern HOST = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?");

    private DockerReference() {}

    /** Why {@code tag} is not a valid Docker tag, or empty when it is. */
    public static Optional<String> tagProblem(String tag) {
        if (tag.isEmpty()) {
            return Optional.of("a tag cannot be empty");
        }
        if (tag.length() > 128) {
            return Optional.of(Quote.of(tag) + " is longer than Docker's 128-character limit for tags");
        }
        if (!TAG.matcher(tag).matches()) {
            return Optional.of(Quote.of(tag) + " is not a valid Docker tag (letters, digits, '_', '.', '-'; must not start with '.' or '-')");
        }
        return Optional.empty();
    }

    /** Why {@code repository} (host/path, no tag) is not a valid repository name, or empty when it is. */
    public static Optional<String> repositoryProblem(String repository) {
        if (repository.isEmpty()) {
            return Optional.of("a repository cannot be empty");
        }
        if (repository.contains("@") || lastSegment(repository).contains(":")) {
            return Optional.of(Quote.of(repository) + " must name a repository without a tag or digest (for example ghcr.io/acme/policy-platform)");
        }
        if (repository.length() > 255) {
            return Optional.of(Quote.of(repository) + " is longer than Docker's 255-character limit");
        }
        String[] parts = repository.split("/", -1);
        int start = 0;
        if (parts.length > 1 && looksLikeHost(parts[0])) {
            if (!HOST.matcher(parts[0]).matches()) {
                return Optional.of(Quote.of(parts[0]) + " is not a valid registry host");
            }
            start = 1;
        }
        for (int i = start; i < parts.length; i++) {
            if (!PATH_COMPONENT.matcher(parts[i]).matches()) {
                return Optional.of(Quote.of(repository) + " is not a valid repository name: '" + parts[i]
                        + "' must be lower-case letters and digits separated by '.', '_' or '-'");
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code ref} names no local image, or empty when it could: an image ID ({@code sha256:...}, or its hex
     * prefix) or {@code repository[:tag][@digest]}. Checked before the daemon is asked, which would answer a
     * malformed name with a 400 that reads like a daemon failure.
     */
    public static Optional<String> imageReferenceProblem(String ref) {
        if (IMAGE_ID.matcher(ref).matches()) {
            return Optional.empty();
        }
        String name = ref;
        int at = ref.indexOf('@');
        if (at >= 0) {
            if (!DIGEST.matcher(ref.substring(at + 1)).matches()) {
                return Optional.of(Quote.of(ref) + " has an invalid digest (expected @sha256: and 64 hex digits)");
            }
            name = ref.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            Optional<String> tag = tagProblem(name.substring(colon + 1));
            if (tag.isPresent()) {
                return tag;
            }
            name = name.substring(0, colon);
        }
        return repositoryProblem(name);
    }

    /** The registry host of a repository: ghcr.io for ghcr.io/acme/x, docker.io for acme/x. */
    public static String registryHost(String repository) {
        int slash = repository.indexOf('/');
        if (slash > 0 && looksLikeHost(repository.substring(0, slash))) {
            return repository.substring(0, slash);
        }
        return DOCKER_HUB;
    }

    /** The path inside the registry: acme/x for ghcr.io/acme/x, library/x for x on Docker Hub. */
    public static String repositoryPath(String repository) {
        String host = registryHost(repository);
        String path = repository.startsWith(host + "/") ? repository.substring(host.length() + 1) : repository;
        if (DOCKER_HUB.equals(host) && !path.contains("/")) {
            return "library/" + path;
        }
        return path;
    }

    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.lastIndexOf(':');
        String name = colon > 0 ? h.substring(0, colon) : h;
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
    }

    private static boolean looksLikeHost(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[");
    }

    private static String lastSegment(String repository) {
        int slash = repository.lastIndexOf('/');
        return slash < 0 ? repository : repository.substring(slash + 1);
    }
}
