package io.ppctl.tag;

import io.ppctl.pipeline.Key;
import io.ppctl.project.ReleaseTags;

import java.util.List;

/**
 * What `ppctl tag` did: every tag of the plan, applied or skipped (and why), with the references it created;
 * {@code applied} lists every reference now pointing at the image. For a multi-platform build, {@code platforms} lists
 * each platform's own tags (the release's tags above name the index push makes; locally, the daemon's own platform).
 */
public record TagResult(String imageId, String image, String source, String version, List<Tag> tags, List<String> applied,
                        List<ReleaseTags.PlatformTags> platforms) {
    public static final Key<TagResult> KEY = Key.of("tag result", TagResult.class);

    public TagResult {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    /** One tag: {@code references} are image.name:tag and repository:tag for each registry, when applied. */
    public record Tag(String name, String template, boolean moving, boolean applied, String skipReason, List<String> references) {}
}
