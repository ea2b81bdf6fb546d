package io.ppctl.tag;

import io.ppctl.pipeline.Key;

import java.util.List;

/**
 * What `ppctl tag` did: every tag of the plan, applied or skipped (and why), with the references it created;
 * {@code applied} lists every reference now pointing at the image.
 */
public record TagResult(String imageId, String image, String source, String version, List<Tag> tags, List<String> applied) {
    public static final Key<TagResult> KEY = Key.of("tag result", TagResult.class);

    /** One tag: {@code references} are image.name:tag and repository:tag for each registry, when applied. */
    public record Tag(String name, String template, boolean moving, boolean applied, String skipReason, List<String> references) {}
}
