package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import io.ppctl.docker.Labels;
import io.ppctl.registry.ImageIndex;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a digest as cosign would and then some, from the registry alone: the .sig tag holds this key's signature
 * over this digest; the .att tag holds the provenance, the gate results and an SBOM, each signed by this key and
 * about this digest; the image's own labels (version, revision) agree with the provenance. Each failure becomes
 * one problem line; registry failures stay exceptions (exit 3).
 */
public final class Verifier {
    static final List<String> EXPECTED = List.of(Provenance.PREDICATE_TYPE, GateResults.PREDICATE_TYPE);

    private final RegistryClient client;
    private final VerificationKey key;

    public Verifier(RegistryClient client, VerificationKey key) {
        this.client = client;
        this.key = key;
    }

    public VerifyReport verify(String digest) {
        String image = client.registry().repository() + "@" + digest;
        List<String> problems = new ArrayList<>();
        Manifest manifest = client.manifest(digest).orElse(null);
        if (manifest == null) {
            return new VerifyReport(image, digest, key.fingerprint(), null, List.of(), null, null, null, null, null, null,
                    List.of(), null, List.of("no image " + image + " in " + client.label()));
        }
        if (ImageIndex.isIndex(manifest)) {
            return index(image, digest, manifest);
        }
        Map<String, String> labels = labels(manifest);

        VerifyReport.Signature signature = signature(digest, problems);
        List<VerifyReport.AttestationResult> results = new ArrayList<>();
        Map<String, Statement> valid = attestations(digest, results, problems);

        Map<String, String> tools = null;
        List<VerifyReport.PolicyRepo> repos = null;
        Statement provenance = valid.get(Provenance.PREDICATE_TYPE);
        if (provenance != null) {
            tools = new LinkedHashMap<>();
            repos = new ArrayList<>();
            for (JsonNode d : provenance.predicate().path("buildDefinition").path("resolvedDependencies")) {
                String name = d.path("name").asText("");
                if (name.equals("tool-pin")) {
                    tools.put(d.path("annotations").path("buildArg").asText(), d.path("annotations").path("version").asText());
                } else if (name.startsWith("policy-repo/")) {
                    repos.add(new VerifyReport.PolicyRepo(name.substring("policy-repo/".length()),
                            d.path("uri").asText(), d.path("digest").path("gitCommit").asText()));
                }
            }
            contradictions(labels, provenance.predicate().path("buildDefinition").path("externalParameters").path("labels"),
                    problems);
        }
        Map<String, VerifyReport.Gate> gates = null;
        Statement gateResults = valid.get(GateResults.PREDICATE_TYPE);
        if (gateResults != null) {
            gates = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> g : iterable(gateResults.predicate().path("gates"))) {
                boolean passed = g.getValue().path("passed").asBoolean(false);
                gates.put(g.getKey(), new VerifyReport.Gate(passed, g.getValue().path("summary").asText(null)));
                if (!passed) {
                    problems.add("the gate attestation records " + g.getKey() + " as not passed");
                }
            }
        }
        Integer packages = null;
        Statement sbom = valid.getOrDefault(Sbom.CYCLONEDX_PREDICATE, valid.get(Sbom.SPDX_PREDICATE));
        if (sbom != null) {
            packages = Sbom.packageCount(sbom.predicate());
        }
        List<CosignLayout.Referrer> referrers = referrers(digest);
        return new VerifyReport(image, digest, key.fingerprint(), signature, List.copyOf(results),
                labels.get(Labels.OCI_VERSION), labels.get(Labels.OCI_REVISION), tools, repos, gates, packages,
                referrers, null, List.copyOf(problems));
    }

    /**
     * An image index (a multi-platform release) is not signed by ppctl: it signs images, and an index has no labels to
     * hold its attestations against. Checking it as an image would report every attested label as contradicted; the
     * one useful answer is which platform digests to verify instead.
     */
    private VerifyReport index(String image, String digest, Manifest manifest) {
        List<VerifyReport.PlatformImage> platforms = ImageIndex.entries(manifest).stream()
                .map(e -> new VerifyReport.PlatformImage(e.platform().toString(), e.digest())).toList();
        String repository = client.registry().repository();
        String which = platforms.isEmpty() ? "it names no platform image"
                : "verify a platform's digest instead: " + String.join(", ", platforms.stream()
                        .map(p -> p.platform() + " " + repository + "@" + p.digest()).toList());
        return new VerifyReport(image, digest, key.fingerprint(), null, List.of(), null, null, null, null, null, null,
                List.of(), platforms, List.of("an image index (" + platforms.size() + " platform(s)): the index itself is "
                + "not signed by ppctl, which signs each platform's image; " + which));
    }

    private VerifyReport.Signature signature(String digest, List<String> problems) {
        String tag = CosignLayout.signatureTag(digest);
        Optional<Manifest> sig = client.manifest(tag);
        if (sig.isEmpty()) {
            problems.add("unsigned: no signature at " + tag);
            return new VerifyReport.Signature(tag, false, false, 0);
        }
        List<CosignLayout.Layer> layers = CosignLayout.layers(sig.get());
        boolean byKey = false;
        boolean forDigest = false;
        for (CosignLayout.Layer l : layers) {
            if (!l.mediaType().equals(SimpleSigning.MEDIA_TYPE)) {
                continue;
            }
            Optional<byte[]> payload = client.blob(l.digest(), Attacher.MAX_LAYER);
            if (payload.isEmpty()) {
                continue;
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(l.annotation(CosignLayout.SIGNATURE_ANNOTATION));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (key.verifies(payload.get(), der)) {
                byKey = true;
                if (SimpleSigning.signedDigest(payload.get()).filter(digest::equals).isPresent()) {
                    forDigest = true;
                }
            }
        }
        if (!byKey) {
            problems.add("signature invalid: none of the " + layers.size() + " signature(s) at " + tag
                    + " verifies with key " + key.fingerprint() + " (signed by another key, or altered)");
        } else if (!forDigest) {
            problems.add("signature invalid: the signature at " + tag + " signs another digest");
        }
        return new VerifyReport.Signature(tag, true, byKey && forDigest, layers.size());
    }

    private Map<String, Statement> attestations(String digest, List<VerifyReport.AttestationResult> results,
                                                List<String> problems) {
        Map<String, Statement> valid = new LinkedHashMap<>();
        String tag = CosignLayout.attestationTag(digest);
        Optional<Manifest> att = client.manifest(tag);
        if (att.isEmpty()) {
            problems.add("no attestations at " + tag);
            return valid;
        }
        for (CosignLayout.Layer l : CosignLayout.layers(att.get())) {
            if (!l.mediaType().equals(Dsse.ENVELOPE_MEDIA_TYPE)) {
                continue;
            }
            String annotated = l.annotation(CosignLayout.PREDICATE_TYPE_ANNOTATION);
            Optional<Dsse.Envelope> env = client.blob(l.digest(), Attacher.MAX_LAYER).flatMap(Dsse::parse);
            boolean signed = env.isPresent() && Dsse.INTOTO_PAYLOAD_TYPE.equals(env.get().payloadType())
                    && Dsse.verifies(env.get(), key);
            Optional<Statement> st = env.flatMap(e -> Statement.parse(e.payload()));
            String type = st.map(Statement::predicateType).orElse(annotated);
            boolean about = st.map(s -> s.subjectDigests().contains(digest)).orElse(false);
            results.add(new VerifyReport.AttestationResult(type, l.digest(), signed, about));
            if (!signed) {
                // An attestation made with another key may sit beside ours; only ours must be intact.
                if (isExpected(type)) {
                    problems.add("attestation " + type + " (" + l.digest().substring(0, 19)
                            + ") has an invalid signature: tampered, or signed by another key");
                }
                continue;
            }
            if (!about) {
                problems.add("attestation " + type + " names another digest ("
                        + String.join(", ", st.map(Statement::subjectDigests).orElse(List.of())) + "), not " + digest);
                continue;
            }
            valid.putIfAbsent(type, st.get());
        }
        for (String expected : EXPECTED) {
            if (!valid.containsKey(expected) && problems.stream().noneMatch(p -> p.contains(expected))) {
                problems.add("missing attestation " + expected);
            }
        }
        if (!valid.containsKey(Sbom.CYCLONEDX_PREDICATE) && !valid.containsKey(Sbom.SPDX_PREDICATE)
                && problems.stream().noneMatch(p -> p.contains(Sbom.CYCLONEDX_PREDICATE) || p.contains(Sbom.SPDX_PREDICATE))) {
            problems.add("missing attestation " + Sbom.CYCLONEDX_PREDICATE + " (SBOM)");
        }
        return valid;
    }

    private static boolean isExpected(String type) {
        return EXPECTED.contains(type) || type.equals(Sbom.CYCLONEDX_PREDICATE) || type.equals(Sbom.SPDX_PREDICATE);
    }

    /** Every label the provenance states must be the image's own: a mismatch means one of them is not about the other. */
    private static void contradictions(Map<String, String> labels, JsonNode attested, List<String> problems) {
        for (Map.Entry<String, JsonNode> e : iterable(attested)) {
            String actual = labels.get(e.getKey());
            if (!e.getValue().asText().equals(actual)) {
                problems.add("the image's label " + e.getKey() + " is " + (actual == null ? "missing" : "'" + actual + "'")
                        + " but the provenance says '" + e.getValue().asText() + "'");
            }
        }
    }

    private Map<String, String> labels(Manifest manifest) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode m = Json.parse(manifest.body()).orElse(Json.object());
        String config = m.path("config").path("digest").asText("");
        if (config.isEmpty()) {
            return out;
        }
        client.blob(config, 16L << 20).flatMap(Json::parse).ifPresent(c ->
                iterable(c.path("config").path("Labels")).forEach(e -> out.put(e.getKey(), e.getValue().asText())));
        return out;
    }

    private List<CosignLayout.Referrer> referrers(String digest) {
        Optional<Manifest> index = client.referrers(digest);
        if (index.isEmpty()) {
            index = client.manifest(CosignLayout.referrersTag(digest));
        }
        return index.map(CosignLayout::referrers).orElse(List.of());
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        n.fields().forEachRemaining(out::add);
        return out;
    }
}
