package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A DSSE envelope (github.com/secure-systems-lab/dsse) around an in-toto statement, signed over the pre-auth
 * encoding "DSSEv1 LEN(type) type LEN(payload) payload", as cosign attest writes it: payloadType
 * application/vnd.in-toto+json, an empty keyid (a key, not a certificate, signed it).
 */
public final class Dsse {
    public static final String INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String ENVELOPE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";

    /** A parsed envelope: its payload type, payload and the signatures over it. */
    public record Envelope(String payloadType, byte[] payload, java.util.List<byte[]> signatures) {}

    private Dsse() {}

    static byte[] pae(String payloadType, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The envelope's JSON bytes: what the .att layer holds. */
    public static byte[] sign(byte[] statement, SigningKey key) {
        byte[] sig = key.sign(pae(INTOTO_PAYLOAD_TYPE, statement));
        ObjectNode env = Json.object();
        env.put("payloadType", INTOTO_PAYLOAD_TYPE);
        env.put("payload", Base64.getEncoder().encodeToString(statement));
        ObjectNode s = env.putArray("signatures").addObject();
        s.put("keyid", "");
        s.put("sig", Base64.getEncoder().encodeToString(sig));
        return Json.bytes(env);
    }

    public static Optional<Envelope> parse(byte[] json) {
        Optional<JsonNode> n = Json.parse(json);
        if (n.isEmpty() || !n.get().path("payload").isTextual()) {
            return Optional.empty();
        }
        try {
            java.util.List<byte[]> sigs = new java.util.ArrayList<>();
            for (JsonNode s : n.get().path("signatures")) {
                sigs.add(Base64.getDecoder().decode(s.path("sig").asText("")));
            }
            return Optional.of(new Envelope(n.get().path("payloadType").asText(""),
                    Base64.getDecoder().decode(n.get().path("payload").asText()), sigs));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether some signature of the envelope is {@code key}'s over its pre-auth encoding. */
    public static boolean verifies(Envelope e, VerificationKey key) {
        byte[] pae = pae(e.payloadType(), e.payload());
        return e.signatures().stream().anyMatch(s -> key.verifies(pae, s));
    }
}
