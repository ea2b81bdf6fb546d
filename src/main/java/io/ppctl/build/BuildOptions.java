package io.ppctl.build;

import java.util.List;

/**
 * What a build may change beyond ppctl.yaml: {@code buildArgs} as given on the command line ("K=V", or "K" to take
 * the value from the environment as docker does), {@code maxSize} overriding image.sizeBudget, {@code target}
 * overriding image.target, {@code platforms} (--platform values, each one or several comma-separated) overriding
 * image.platforms. Null strings and an empty list mean "not given".
 */
public record BuildOptions(List<String> buildArgs, boolean noCache, boolean pull, String maxSize, String target,
                           List<String> platforms) {
    public static final BuildOptions DEFAULT = new BuildOptions(List.of(), false, false, null, null);

    public BuildOptions {
        buildArgs = buildArgs == null ? List.of() : List.copyOf(buildArgs);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    public BuildOptions(List<String> buildArgs, boolean noCache, boolean pull, String maxSize, String target) {
        this(buildArgs, noCache, pull, maxSize, target, List.of());
    }
}
