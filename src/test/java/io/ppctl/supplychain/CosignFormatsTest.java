package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.registry.Manifest;
import io.ppctl.testing.TestKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte layouts cosign v2.6.4 reads (checked against its sources and, in SupplyChainIT, against cosign itself). */
class CosignFormatsTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void theSignaturePayloadIsWhatSigstoresSimpleContainerImageMarshalsTo() {
        String payload = new String(SimpleSigning.payload("127.0.0.1:5000/acme/pp", DIGEST), StandardCharsets.UTF_8);
        assertThat(payload).isEqualTo("{\"critical\":{\"identity\":{\"docker-reference\":\"127.0.0.1:5000/acme/pp\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}");
        assertThat(SimpleSigning.signedDigest(payload.getBytes(StandardCharsets.UTF_8))).contains(DIGEST);
    }

    @Test
    void dssePreAuthEncodingIsTheSpecsAndTheEnvelopeVerifiesOnlyUntouched() {
        // The example of the DSSE protocol document.
        assertThat(new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        SigningKey key = SigningKey.of(TestKeys.ecP256().getPrivate());
        byte[] statement = Statement.of("r", DIGEST, Provenance.PREDICATE_TYPE, Json.object().put("x", 1));
        Dsse.Envelope env = Dsse.parse(Dsse.sign(statement, key)).orElseThrow();
        assertThat(env.payloadType()).isEqualTo("application/vnd.in-toto+json");
        assertThat(Dsse.verifies(env, key.publicKey())).isTrue();
        byte[] altered = new String(statement, StandardCharsets.UTF_8).replace("\"x\":1", "\"x\":2").getBytes(StandardCharsets.UTF_8);
        assertThat(Dsse.verifies(new Dsse.Envelope(env.payloadType(), altered, env.signatures()), key.publicKey())).isFalse();
        assertThat(Dsse.verifies(env, SigningKey.of(TestKeys.ecP256().getPrivate()).publicKey())).isFalse();
        Statement parsed = Statement.parse(env.payload()).orElseThrow();
        assertThat(parsed.subjectDigests()).containsExactly(DIGEST);
        assertThat(parsed.predicateType()).isEqualTo("https://slsa.dev/provenance/v1");
    }

    @Test
    void attachmentsLiveUnderCosignsTagsAsOciManifestsWithTheSignatureAnnotation() throws Exception {
        assertThat(CosignLayout.signatureTag(DIGEST)).isEqualTo("sha256-" + "ab".repeat(32) + ".sig");
        assertThat(CosignLayout.attestationTag(DIGEST)).isEqualTo("sha256-" + "ab".repeat(32) + ".att");
        byte[] payload = SimpleSigning.payload("r", DIGEST);
        CosignLayout.Layer layer = CosignLayout.Layer.of(SimpleSigning.MEDIA_TYPE, payload,
                Map.of(CosignLayout.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(new byte[] {1})));
        CosignLayout.Built built = CosignLayout.build(List.of(layer), CosignLayout.OCI_CONFIG, Optional.empty());
        JsonNode m = new ObjectMapper().readTree(built.manifest().body());
        assertThat(m.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(m.path("config").path("digest").asText()).isEqualTo(Manifest.sha256(built.config()));
        assertThat(m.path("layers").get(0).path("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
        assertThat(m.path("layers").get(0).path("digest").asText()).isEqualTo(Manifest.sha256(payload));
        assertThat(m.path("layers").get(0).path("annotations").path("dev.cosignproject.cosign/signature").asText()).isEqualTo("AQ==");
        JsonNode config = new ObjectMapper().readTree(built.config());
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(Manifest.sha256(payload));
        assertThat(CosignLayout.layers(built.manifest())).singleElement()
                .satisfies(l -> assertThat(l.annotation(CosignLayout.SIGNATURE_ANNOTATION)).isEqualTo("AQ=="));

        CosignLayout.Built referrer = CosignLayout.build(List.of(layer), CosignLayout.SIG_ARTIFACT_TYPE,
                Optional.of(new CosignLayout.Subject("application/vnd.oci.image.manifest.v1+json", DIGEST, 123)));
        JsonNode r = new ObjectMapper().readTree(referrer.manifest().body());
        assertThat(r.path("subject").path("digest").asText()).isEqualTo(DIGEST);
        assertThat(r.path("config").path("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.artifact.sig.v1+json");
        Manifest index = CosignLayout.withReferrer(Optional.empty(), referrer.manifest(), CosignLayout.SIG_ARTIFACT_TYPE, Map.of());
        Manifest again = CosignLayout.withReferrer(Optional.of(index), referrer.manifest(), CosignLayout.SIG_ARTIFACT_TYPE, Map.of());
        assertThat(CosignLayout.referrers(again)).singleElement().satisfies(d -> {
            assertThat(d.digest()).isEqualTo(referrer.manifest().digest());
            assertThat(d.artifactType()).isEqualTo(CosignLayout.SIG_ARTIFACT_TYPE);
        });
    }
}
