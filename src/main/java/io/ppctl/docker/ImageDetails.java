package io.ppctl.docker;

import io.ppctl.platform.Platform;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image as the daemon describes it. {@code id} is the full sha256:... ID; {@code os} and {@code architecture} what
 * its config says it runs on (empty when the daemon does not say). Made with {@link #builder()}.
 */
public record ImageDetails(String id, List<String> repoTags, List<String> repoDigests, long size, int layers,
                           Map<String, String> labels, String user, String workdir, List<String> env,
                           List<String> entrypoint, List<String> cmd, Instant created, String os, String architecture) {

    public static Builder builder() {
        return new Builder();
    }

    /** The platform the image's config names, when it names an architecture. */
    public Optional<Platform> platform() {
        return Platform.of(os, architecture, null);
    }

    /**
     * One setter per field, named after it. What is not set is what the daemon reports when it says nothing: empty
     * lists, labels and texts, size 0, no creation time.
     */
    public static final class Builder {
        private String id;
        private List<String> repoTags = List.of();
        private List<String> repoDigests = List.of();
        private long size;
        private int layers;
        private Map<String, String> labels = Map.of();
        private String user = "";
        private String workdir = "";
        private List<String> env = List.of();
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of();
        private Instant created;
        private String os = "";
        private String architecture = "";

        private Builder() {}

        public Builder id(String id) { this.id = id; return this; }
        public Builder repoTags(List<String> repoTags) { this.repoTags = repoTags; return this; }
        public Builder repoDigests(List<String> repoDigests) { this.repoDigests = repoDigests; return this; }
        public Builder size(long size) { this.size = size; return this; }
        public Builder layers(int layers) { this.layers = layers; return this; }
        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
        public Builder user(String user) { this.user = user; return this; }
        public Builder workdir(String workdir) { this.workdir = workdir; return this; }
        public Builder env(List<String> env) { this.env = env; return this; }
        public Builder entrypoint(List<String> entrypoint) { this.entrypoint = entrypoint; return this; }
        public Builder cmd(List<String> cmd) { this.cmd = cmd; return this; }
        public Builder created(Instant created) { this.created = created; return this; }
        public Builder os(String os) { this.os = os; return this; }
        public Builder architecture(String architecture) { this.architecture = architecture; return this; }

        public ImageDetails build() {
            return new ImageDetails(id, repoTags, repoDigests, size, layers, labels, user, workdir, env, entrypoint, cmd,
                    created, os, architecture);
        }
    }
}
