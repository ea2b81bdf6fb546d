package io.ppctl.push;

import io.ppctl.supplychain.Attached;

import java.util.List;

/**
 * What `ppctl push` published (the JSON of --output json, and what release puts in its report). {@code signed}:
 * per registry, the signature and attestations attached to the digest (empty when signing is not configured).
 * {@code platforms}: for a multi-platform release, each platform's image per registry; the tags then hold the index.
 */
public record PushResult(String image, String version, List<PushedTag> tags, List<Attached> signed, List<PlatformImage> platforms) {

    public PushResult {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    public PushResult(String image, String version, List<PushedTag> tags, List<Attached> signed) {
        this(image, version, tags, signed, List.of());
    }

    /**
     * One platform's image of a multi-platform release in one registry: pushed under {@code reference} (its platform
     * tag), as the manifest {@code digest} that the release's image index names.
     */
    public record PlatformImage(String registry, String platform, String reference, String digest) {}

    /** One tag in one registry and the manifest digest the registry serves for it, read back after the push. */
    public record PushedTag(String registry, String reference, String digest) {
        /** registry/repository:tag@sha256:..., the form to pin a deployment to. */
        public String pinned() {
            return reference + "@" + digest;
        }
    }
}
