package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * cosign's signature payload (the containers/image "simple signing" format): the repository as claimed identity,
 * the manifest digest signed, and the type cosign checks. Field order and the null "optional" as Go's
 * encoding/json writes sigstore's payload.SimpleContainerImage.
 */
public final class SimpleSigning {
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String TYPE = "cosign container image signature";

    private SimpleSigning() {}

    public static byte[] payload(String repository, String digest) {
        ObjectNode root = Json.object();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", repository);
        critical.putObject("image").put("docker-manifest-digest", digest);
        critical.put("type", TYPE);
        root.putNull("optional");
        return Json.bytes(root);
    }

    /** The digest a payload signs, when it is a cosign signature payload. */
    public static Optional<String> signedDigest(byte[] payload) {
        return Json.parse(payload).filter(n -> TYPE.equals(n.path("critical").path("type").asText()))
                .map(n -> n.path("critical").path("image").path("docker-manifest-digest").asText(""))
                .filter(s -> !s.isEmpty());
    }

    public static Optional<String> identity(byte[] payload) {
        return Json.parse(payload).map(n -> n.path("critical").path("identity").path("docker-reference"))
                .filter(JsonNode::isTextual).map(JsonNode::asText);
    }
}
