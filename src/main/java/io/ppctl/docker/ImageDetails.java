package io.ppctl.docker;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An image as the daemon describes it. {@code id} is the full sha256:... ID. */
public record ImageDetails(String id, List<String> repoTags, List<String> repoDigests, long size, int layers,
                           Map<String, String> labels, String user, String workdir, List<String> env,
                           List<String> entrypoint, List<String> cmd, Instant created) {}
