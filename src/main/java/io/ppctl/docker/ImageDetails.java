package io.ppctl.docker;

import io.ppctl.platform.Platform;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image as the daemon describes it. {@code id} is the full sha256:... ID; {@code os} and {@code architecture} what
 * its config says it runs on (empty when the daemon does not say).
 */
public record ImageDetails(String id, List<String> repoTags, List<String> repoDigests, long size, int layers,
                           Map<String, String> labels, String user, String workdir, List<String> env,
                           List<String> entrypoint, List<String> cmd, Instant created, String os, String architecture) {

    public ImageDetails(String id, List<String> repoTags, List<String> repoDigests, long size, int layers,
                        Map<String, String> labels, String user, String workdir, List<String> env,
                        List<String> entrypoint, List<String> cmd, Instant created) {
        this(id, repoTags, repoDigests, size, layers, labels, user, workdir, env, entrypoint, cmd, created, "", "");
    }

    /** The platform the image's config names, when it names an architecture. */
    public Optional<Platform> platform() {
        return Platform.of(os, architecture, null);
    }
}
