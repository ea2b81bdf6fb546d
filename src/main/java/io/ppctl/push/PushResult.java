package io.ppctl.push;

import io.ppctl.supplychain.Attached;

import java.util.List;

/**
 * What `ppctl push` published (the JSON of --output json, and what release puts in its report). {@code signed}:
 * per registry, the signature and attestations attached to the digest (empty when signing is not configured).
 */
public record PushResult(String image, String version, List<PushedTag> tags, List<Attached> signed) {

    /** One tag in one registry and the manifest digest the registry serves for it, read back after the push. */
    public record PushedTag(String registry, String reference, String digest) {
        /** registry/repository:tag@sha256:..., the form to pin a deployment to. */
        public String pinned() {
            return reference + "@" + digest;
        }
    }
}
