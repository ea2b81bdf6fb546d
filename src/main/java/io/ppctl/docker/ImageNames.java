package io.ppctl.docker;

/**
 * Image names as the daemon may spell them: Docker lists an image tagged {@code x} as {@code x}, Podman (and the
 * containerd image store in some answers) as {@code docker.io/library/x}; both are the same repository.
 */
public final class ImageNames {
    private ImageNames() {}

    /** The short form Docker prints: docker.io/library/x and library/x are x, docker.io/acme/x is acme/x. */
    public static String familiar(String reference) {
        String r = reference.startsWith("docker.io/") ? reference.substring("docker.io/".length()) : reference;
        return r.startsWith("library/") ? r.substring("library/".length()) : r;
    }

    /** Whether two repository names (without tag) name the same repository. */
    public static boolean sameRepository(String a, String b) {
        return familiar(a).equals(familiar(b));
    }
}
