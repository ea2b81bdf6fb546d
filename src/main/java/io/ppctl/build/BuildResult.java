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
 * build lists each platform's image in {@code platforms}; the other fields then describe the primary image.
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
}
