package io.ppctl.supplychain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * What `ppctl verify` found about one digest, from the registry alone (its --output json). {@code problems} is
 * empty when the image is signed by the key, every expected attestation is there, signed, about this digest, and
 * the image's labels agree with them. {@code platforms} is set only for an image index, which ppctl does not sign:
 * its platform images are what to verify.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyReport(String image, String digest, String key, Signature signature, List<AttestationResult> attestations,
                           String version, String commit, Map<String, String> tools, List<PolicyRepo> policyRepos,
                           Map<String, Gate> gates, Integer sbomPackages, List<CosignLayout.Referrer> referrers,
                           List<PlatformImage> platforms, List<String> problems) {

    /** The .sig tag: whether it exists, and whether a layer in it is this key's signature over this digest. */
    public record Signature(String tag, boolean present, boolean valid, int layers) {}

    public record AttestationResult(String predicateType, String layer, boolean signatureValid, boolean subjectMatches) {}

    public record PolicyRepo(String name, String url, String commit) {}

    public record Gate(boolean passed, String summary) {}

    /** For an image index: one image it names, by platform; what to verify instead of the index. */
    public record PlatformImage(String platform, String digest) {}

    public boolean ok() {
        return problems.isEmpty();
    }
}
