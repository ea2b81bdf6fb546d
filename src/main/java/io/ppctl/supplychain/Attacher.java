package io.ppctl.supplychain;

import io.ppctl.core.PpctlException;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signs a pushed digest and its attestations and stores them where cosign looks (the .sig and .att tags of the
 * digest), keeping what others attached there, and, when asked, as OCI 1.1 referrers (the registry's referrers API,
 * or the sha256-HEX fallback index a registry without it needs). Writes by digest only: no image tag is touched.
 */
public final class Attacher {
    static final long MAX_LAYER = 64L << 20;

    /** One attestation to attach: a name for reports and the statement signed. */
    public record Attestation(String name, String predicateType, byte[] statement) {}

    private final RegistryClient client;
    private final SigningKey key;

    public Attacher(RegistryClient client, SigningKey key) {
        this.client = client;
        this.key = key;
    }

    public Attached attach(String digest, List<Attestation> attestations, boolean referrers) {
        Manifest image = client.manifest(digest).orElseThrow(() -> PpctlException.environment(
                client.label() + " does not hold " + digest + " any more", null, null));
        String repository = client.registry().repository();

        byte[] payload = SimpleSigning.payload(repository, digest);
        CosignLayout.Layer sig = CosignLayout.Layer.of(SimpleSigning.MEDIA_TYPE, payload,
                Map.of(CosignLayout.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(key.sign(payload))));
        List<CosignLayout.Layer> sigLayers = keepOthers(CosignLayout.signatureTag(digest), l -> false);
        sigLayers.add(sig);
        String sigManifest = store(CosignLayout.signatureTag(digest), sigLayers, List.of(sig));

        List<CosignLayout.Layer> attLayers = new ArrayList<>();
        List<Attached.Item> items = new ArrayList<>();
        for (Attestation a : attestations) {
            byte[] envelope = Dsse.sign(a.statement(), key);
            CosignLayout.Layer l = CosignLayout.Layer.of(Dsse.ENVELOPE_MEDIA_TYPE, envelope, Map.of(
                    CosignLayout.SIGNATURE_ANNOTATION, "", CosignLayout.PREDICATE_TYPE_ANNOTATION, a.predicateType()));
            attLayers.add(l);
            items.add(new Attached.Item(a.name(), a.predicateType(), l.digest(), l.size()));
        }
        Set<String> ours = attestations.stream().map(Attestation::predicateType).collect(Collectors.toSet());
        List<CosignLayout.Layer> allAtt = keepOthers(CosignLayout.attestationTag(digest),
                l -> !ours.contains(l.annotation(CosignLayout.PREDICATE_TYPE_ANNOTATION)));
        allAtt.addAll(attLayers);
        String attManifest = attLayers.isEmpty() ? null : store(CosignLayout.attestationTag(digest), allAtt, attLayers);

        List<Attached.Referrer> refs = new ArrayList<>();
        Boolean api = null;
        if (referrers) {
            CosignLayout.Subject subject = new CosignLayout.Subject(image.mediaType(), digest, image.body().length);
            Optional<Manifest> index = Optional.empty();
            List<Manifest> written = new ArrayList<>();
            List<String> types = new ArrayList<>();
            List<Map<String, String>> annotations = new ArrayList<>();
            written.add(put(CosignLayout.build(List.of(sig), CosignLayout.SIG_ARTIFACT_TYPE, Optional.of(subject))));
            types.add(CosignLayout.SIG_ARTIFACT_TYPE);
            annotations.add(Map.of());
            for (int i = 0; i < attLayers.size(); i++) {
                written.add(put(CosignLayout.build(List.of(attLayers.get(i)), CosignLayout.OCI_CONFIG, Optional.of(subject),
                        Dsse.ENVELOPE_MEDIA_TYPE)));
                types.add(Dsse.ENVELOPE_MEDIA_TYPE);
                annotations.add(Map.of(CosignLayout.PREDICATE_TYPE_ANNOTATION, attestations.get(i).predicateType()));
            }
            api = true;
            for (int i = 0; i < written.size(); i++) {
                boolean noted = client.putManifestWithSubject(written.get(i).digest(), written.get(i));
                api = api && noted;
                refs.add(new Attached.Referrer(written.get(i).digest(), types.get(i)));
            }
            if (!api) {
                String tag = CosignLayout.referrersTag(digest);
                index = client.manifest(tag);
                for (int i = 0; i < written.size(); i++) {
                    index = Optional.of(CosignLayout.withReferrer(index, written.get(i), types.get(i), annotations.get(i)));
                }
                client.putManifest(tag, index.get());
            }
        }
        return new Attached(digest, CosignLayout.signatureTag(digest), sigManifest, sig.digest(),
                attManifest == null ? null : CosignLayout.attestationTag(digest), attManifest, List.copyOf(items),
                List.copyOf(refs), api, key.publicKey().fingerprint());
    }

    /** Uploads the config of a referrer manifest (its layers are the .sig/.att ones, stored already). */
    private Manifest put(CosignLayout.Built built) {
        client.uploadBlob(built.config());
        return built.manifest();
    }

    /**
     * The layers stored under {@code tag} that stay: those {@code keep} accepts and those not made with this key (so a
     * second push replaces ppctl's own signature instead of piling up copies, and leaves other signers' alone).
     */
    private List<CosignLayout.Layer> keepOthers(String tag, java.util.function.Predicate<CosignLayout.Layer> keep) {
        List<CosignLayout.Layer> out = new ArrayList<>();
        Optional<Manifest> existing = client.manifest(tag);
        if (existing.isEmpty()) {
            return out;
        }
        for (CosignLayout.Layer l : CosignLayout.layers(existing.get())) {
            if (keep.test(l) || !madeWithThisKey(l)) {
                out.add(l);
            }
        }
        return out;
    }

    private boolean madeWithThisKey(CosignLayout.Layer l) {
        Optional<byte[]> data = client.blob(l.digest(), MAX_LAYER);
        if (data.isEmpty()) {
            return false;
        }
        if (l.mediaType().equals(Dsse.ENVELOPE_MEDIA_TYPE)) {
            return Dsse.parse(data.get()).map(e -> Dsse.verifies(e, key.publicKey())).orElse(false);
        }
        try {
            byte[] sig = Base64.getDecoder().decode(l.annotation(CosignLayout.SIGNATURE_ANNOTATION));
            return key.publicKey().verifies(data.get(), sig);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Uploads the new layers and the config, then stores the manifest under {@code tag}; returns its digest. */
    private String store(String tag, List<CosignLayout.Layer> layers, List<CosignLayout.Layer> fresh) {
        for (CosignLayout.Layer l : fresh) {
            client.uploadBlob(l.data());
        }
        CosignLayout.Built built = CosignLayout.build(layers, CosignLayout.OCI_CONFIG, Optional.empty());
        client.uploadBlob(built.config());
        return client.putManifest(tag, built.manifest());
    }
}
