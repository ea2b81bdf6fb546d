package io.ppctl.supplychain;

import java.util.List;

/**
 * What a push attached to one digest in one repository (for the push output and the release report): the
 * signature and attestation manifests with their tags and digests, each attestation's layer digest, the referrers.
 *
 * @param referrersApi whether the registry serves the OCI 1.1 referrers API (null: referrers were not written)
 */
public record Attached(String digest, String signatureTag, String signatureManifest, String signatureLayer,
                       String attestationTag, String attestationManifest, List<Item> attestations,
                       List<Referrer> referrers, Boolean referrersApi, String keyFingerprint) {

    public record Item(String name, String predicateType, String digest, long size) {}

    public record Referrer(String digest, String artifactType) {}
}
