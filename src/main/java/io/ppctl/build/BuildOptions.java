package io.ppctl.build;

import java.util.List;

/**
 * What a build may change beyond ppctl.yaml: {@code buildArgs} as given on the command line ("K=V", or "K" to take
 * the value from the environment as docker does), {@code maxSize} overriding image.sizeBudget, {@code target}
 * overriding image.target. Null strings mean "not given".
 */
public record BuildOptions(List<String> buildArgs, boolean noCache, boolean pull, String maxSize, String target) {
    public static final BuildOptions DEFAULT = new BuildOptions(List.of(), false, false, null, null);

    public BuildOptions {
        buildArgs = buildArgs == null ? List.of() : List.copyOf(buildArgs);
    }
}
