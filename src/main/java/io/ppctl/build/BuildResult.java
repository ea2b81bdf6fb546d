package io.ppctl.build;

import io.ppctl.context.ContextArchive;
import io.ppctl.docker.LocalImages;
import io.ppctl.pipeline.Key;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What `ppctl build` produced, as printed (and as `--output json` shows it). {@code buildArgs} lists names only:
 * values may be secrets. {@code reused}: the inputs equalled the last build's, whose image was taken without
 * asking the daemon to build (see BuildInputs); {@code context} is then null, nothing was sent. A multi-platform
 * build lists each platform's image in {@code platforms}; the other fields then describe the primary image. Made
 * with {@link #builder()}; the order of the fields is the order of the JSON.
 */
public record BuildResult(String imageId, String reference, long size, String sizeText, int layers, double durationSeconds,
                          String version, String commit, boolean dirty, Instant created, String target,
                          List<String> buildArgs, Map<String, String> labels, SizeReport.Comparison previous,
                          Long sizeBudget, List<LocalImages.Layer> largestLayers, ContextArchive.Stats context,
                          boolean reused, List<PlatformBuild> platforms) {
    public static final Key<BuildResult> KEY = Key.of("build result", BuildResult.class);

    /** One platform's image of a multi-platform build (the fields above describe the primary one). */
    public record PlatformBuild(String platform, String imageId, String reference, long size, String sizeText, int layers,
                                boolean reused) {}

    public BuildResult {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One setter per field, named after it; what is not set is null, 0 or false (no platforms). */
    public static final class Builder {
        private String imageId;
        private String reference;
        private long size;
        private String sizeText;
        private int layers;
        private double durationSeconds;
        private String version;
        private String commit;
        private boolean dirty;
        private Instant created;
        private String target;
        private List<String> buildArgs;
        private Map<String, String> labels;
        private SizeReport.Comparison previous;
        private Long sizeBudget;
        private List<LocalImages.Layer> largestLayers;
        private ContextArchive.Stats context;
        private boolean reused;
        private List<PlatformBuild> platforms;

        private Builder() {}

        public Builder imageId(String imageId) { this.imageId = imageId; return this; }
        public Builder reference(String reference) { this.reference = reference; return this; }
        public Builder size(long size) { this.size = size; return this; }
        public Builder sizeText(String sizeText) { this.sizeText = sizeText; return this; }
        public Builder layers(int layers) { this.layers = layers; return this; }
        public Builder durationSeconds(double durationSeconds) { this.durationSeconds = durationSeconds; return this; }
        public Builder version(String version) { this.version = version; return this; }
        public Builder commit(String commit) { this.commit = commit; return this; }
        public Builder dirty(boolean dirty) { this.dirty = dirty; return this; }
        public Builder created(Instant created) { this.created = created; return this; }
        public Builder target(String target) { this.target = target; return this; }
        public Builder buildArgs(List<String> buildArgs) { this.buildArgs = buildArgs; return this; }
        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
        public Builder previous(SizeReport.Comparison previous) { this.previous = previous; return this; }
        public Builder sizeBudget(Long sizeBudget) { this.sizeBudget = sizeBudget; return this; }
        public Builder largestLayers(List<LocalImages.Layer> largestLayers) { this.largestLayers = largestLayers; return this; }
        public Builder context(ContextArchive.Stats context) { this.context = context; return this; }
        public Builder reused(boolean reused) { this.reused = reused; return this; }
        public Builder platforms(List<PlatformBuild> platforms) { this.platforms = platforms; return this; }

        public BuildResult build() {
            return new BuildResult(imageId, reference, size, sizeText, layers, durationSeconds, version, commit, dirty, created,
                    target, buildArgs, labels, previous, sizeBudget, largestLayers, context, reused, platforms);
        }
    }
}
