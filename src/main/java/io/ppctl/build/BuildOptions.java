package io.ppctl.build;

import java.util.List;

/**
 * What a build may change beyond ppctl.yaml: {@code buildArgs} as given on the command line ("K=V", or "K" to take
 * the value from the environment as docker does), {@code maxSize} overriding image.sizeBudget, {@code target}
 * overriding image.target, {@code platforms} (--platform values, each one or several comma-separated) overriding
 * image.platforms. Null strings and an empty list mean "not given". Made with {@link #builder()}.
 */
public record BuildOptions(List<String> buildArgs, boolean noCache, boolean pull, String maxSize, String target,
                           List<String> platforms) {
    public static final BuildOptions DEFAULT = builder().build();

    public BuildOptions {
        buildArgs = buildArgs == null ? List.of() : List.copyOf(buildArgs);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One setter per field, named after it; what is not set is not given (no args, no platforms, false, null). */
    public static final class Builder {
        private List<String> buildArgs;
        private boolean noCache;
        private boolean pull;
        private String maxSize;
        private String target;
        private List<String> platforms;

        private Builder() {}

        public Builder buildArgs(List<String> buildArgs) { this.buildArgs = buildArgs; return this; }
        public Builder noCache(boolean noCache) { this.noCache = noCache; return this; }
        public Builder pull(boolean pull) { this.pull = pull; return this; }
        public Builder maxSize(String maxSize) { this.maxSize = maxSize; return this; }
        public Builder target(String target) { this.target = target; return this; }
        public Builder platforms(List<String> platforms) { this.platforms = platforms; return this; }

        public BuildOptions build() {
            return new BuildOptions(buildArgs, noCache, pull, maxSize, target, platforms);
        }
    }
}
