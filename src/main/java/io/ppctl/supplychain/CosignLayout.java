package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppctl.registry.Manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how cosign keeps signatures and attestations: an OCI image manifest tagged sha256-HEX.sig (layers of
 * simple-signing payloads, the base64 signature in the dev.cosignproject.cosign/signature annotation) or
 * sha256-HEX.att (layers of DSSE envelopes, that annotation empty, predicateType annotated), whose config is the
 * empty image config go-containerregistry's mutate.Append writes. As an OCI 1.1 referrer the same manifest gets a
 * subject and, for signatures, cosign's artifact type as config media type (what cosign --experimental-oci11 looks for).
 */
public final class CosignLayout {
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String SIG_ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";

    /** One layer: its media type, its bytes (or only its digest and size when it is already in the registry), annotations. */
    public record Layer(String mediaType, String digest, long size, byte[] data, Map<String, String> annotations) {
        public static Layer of(String mediaType, byte[] data, Map<String, String> annotations) {
            return new Layer(mediaType, Manifest.sha256(data), data.length, data, Map.copyOf(annotations));
        }

        public String annotation(String key) {
            return annotations.getOrDefault(key, "");
        }
    }

    /** A manifest ready to store, with the config blob it names. */
    public record Built(Manifest manifest, byte[] config) {}

    /** The image a referrer is about. */
    public record Subject(String mediaType, String digest, long size) {}

    private CosignLayout() {}

    public static String signatureTag(String digest) {
        return digest.replace(':', '-') + ".sig";
    }

    public static String attestationTag(String digest) {
        return digest.replace(':', '-') + ".att";
    }

    /** The OCI 1.1 fallback tag: where a registry without the referrers API keeps the index of a digest's referrers. */
    public static String referrersTag(String digest) {
        return digest.replace(':', '-');
    }

    public static Built build(List<Layer> layers, String configMediaType, Optional<Subject> subject) {
        return build(layers, configMediaType, subject, null);
    }

    /** @param artifactType the OCI 1.1 artifactType of a referrer, or null */
    public static Built build(List<Layer> layers, String configMediaType, Optional<Subject> subject, String artifactType) {
        ObjectNode config = Json.object();
        config.put("architecture", "");
        config.put("created", "0001-01-01T00:00:00Z");
        ArrayNode history = config.putArray("history");
        config.put("os", "");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (Layer l : layers) {
            history.addObject().put("created", "0001-01-01T00:00:00Z");
            diffIds.add(l.digest());
        }
        config.putObject("config");
        byte[] configBytes = Json.bytes(config);

        ObjectNode m = Json.object();
        m.put("schemaVersion", 2);
        m.put("mediaType", OCI_MANIFEST);
        if (artifactType != null) {
            m.put("artifactType", artifactType);
        }
        descriptor(m.putObject("config"), configMediaType, Manifest.sha256(configBytes), configBytes.length);
        ArrayNode ls = m.putArray("layers");
        for (Layer l : layers) {
            ObjectNode d = ls.addObject();
            descriptor(d, l.mediaType(), l.digest(), l.size());
            ObjectNode a = d.putObject("annotations");
            new java.util.TreeMap<>(l.annotations()).forEach(a::put);
        }
        subject.ifPresent(s -> descriptor(m.putObject("subject"), s.mediaType(), s.digest(), s.size()));
        byte[] body = Json.bytes(m);
        return new Built(new Manifest(OCI_MANIFEST, body, Manifest.sha256(body)), configBytes);
    }

    /** The layers of a stored .sig/.att manifest (without their bytes), or none when it is not one. */
    public static List<Layer> layers(Manifest manifest) {
        List<Layer> out = new ArrayList<>();
        JsonNode root = Json.parse(manifest.body()).orElse(Json.object());
        for (JsonNode l : root.path("layers")) {
            Map<String, String> annotations = new LinkedHashMap<>();
            l.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
            out.add(new Layer(l.path("mediaType").asText(""), l.path("digest").asText(""), l.path("size").asLong(-1), null,
                    annotations));
        }
        return out;
    }

    /** The referrers index with {@code entry} added (replacing an entry of the same digest): the fallback tag's content. */
    public static Manifest withReferrer(Optional<Manifest> index, Manifest referrer, String artifactType,
                                        Map<String, String> annotations) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 2);
        root.put("mediaType", OCI_INDEX);
        ArrayNode manifests = root.putArray("manifests");
        index.flatMap(i -> Json.parse(i.body())).ifPresent(old -> old.path("manifests").forEach(d -> {
            if (!d.path("digest").asText().equals(referrer.digest())) {
                manifests.add(d);
            }
        }));
        ObjectNode d = manifests.addObject();
        descriptor(d, referrer.mediaType(), referrer.digest(), referrer.body().length);
        d.put("artifactType", artifactType);
        if (!annotations.isEmpty()) {
            ObjectNode a = d.putObject("annotations");
            new java.util.TreeMap<>(annotations).forEach(a::put);
        }
        byte[] body = Json.bytes(root);
        return new Manifest(OCI_INDEX, body, Manifest.sha256(body));
    }

    /** The descriptors an index lists: digest, artifact type and annotations of each referrer. */
    public record Referrer(String digest, String artifactType, Map<String, String> annotations) {}

    public static List<Referrer> referrers(Manifest index) {
        List<Referrer> out = new ArrayList<>();
        Json.parse(index.body()).ifPresent(root -> root.path("manifests").forEach(d -> {
            Map<String, String> annotations = new LinkedHashMap<>();
            d.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
            out.add(new Referrer(d.path("digest").asText(""), d.path("artifactType").asText(""), annotations));
        }));
        return out;
    }

    private static void descriptor(ObjectNode d, String mediaType, String digest, long size) {
        d.put("mediaType", mediaType);
        d.put("size", size);
        d.put("digest", digest);
    }
}
