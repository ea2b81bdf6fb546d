package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An in-toto statement v1 about one image digest: its subject (the repository, the sha256 of the manifest), the
 * predicate's type and the predicate. cosign verify-attestation matches the subject's sha256 with the digest it
 * verifies, and --type with predicateType.
 */
public record Statement(String predicateType, List<String> subjectDigests, JsonNode predicate) {
    public static final String TYPE = "https://in-toto.io/Statement/v1";

    public static byte[] of(String repository, String digest, String predicateType, JsonNode predicate) {
        ObjectNode s = Json.object();
        s.put("_type", TYPE);
        ObjectNode subject = s.putArray("subject").addObject();
        subject.put("name", repository);
        subject.putObject("digest").put("sha256", digest.substring(digest.indexOf(':') + 1));
        s.put("predicateType", predicateType);
        s.set("predicate", predicate);
        return Json.bytes(s);
    }

    public static Optional<Statement> parse(byte[] payload) {
        Optional<JsonNode> n = Json.parse(payload);
        if (n.isEmpty() || !n.get().path("predicateType").isTextual()) {
            return Optional.empty();
        }
        List<String> digests = new ArrayList<>();
        for (JsonNode subject : n.get().path("subject")) {
            String hex = subject.path("digest").path("sha256").asText("");
            if (!hex.isEmpty()) {
                digests.add("sha256:" + hex);
            }
        }
        return Optional.of(new Statement(n.get().path("predicateType").asText(), List.copyOf(digests),
                n.get().path("predicate")));
    }
}
