package io.ppctl.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.PpctlException;
import io.ppctl.platform.Platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI image index over one image manifest per platform, assembled through the registry API as jib and
 * {@code crane index append} do: the daemon pushes each platform's image, ppctl reads back what the registry holds
 * and puts the index that names them. Its bytes depend only on the entries, so pushing the same images again gives
 * the same digest (a rerun finds its version tag already holding it).
 */
public final class ImageIndex {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** An image config is a few kB; one this large is not one. */
    private static final long MAX_CONFIG = 4L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One entry: the manifest of one platform's image, as the registry serves it. */
    public record Entry(String mediaType, String digest, long size, Platform platform) {}

    private ImageIndex() {}

    /** The index over {@code entries}, in their order. */
    public static Manifest of(List<Entry> entries) {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> platform = new LinkedHashMap<>();
            platform.put("architecture", e.platform().architecture());
            platform.put("os", e.platform().os());
            if (e.platform().variant() != null) {
                platform.put("variant", e.platform().variant());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mediaType", e.mediaType());
            m.put("digest", e.digest());
            m.put("size", e.size());
            m.put("platform", platform);
            manifests.add(m);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", manifests);
        try {
            byte[] body = JSON.writeValueAsBytes(index);
            return new Manifest(OCI_INDEX, body, Manifest.sha256(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code m} is an index (OCI) or a manifest list (Docker) rather than one image's manifest. */
    public static boolean isIndex(Manifest m) {
        String type = m.mediaType() == null ? "" : m.mediaType().toLowerCase(Locale.ROOT);
        if (type.startsWith(OCI_INDEX) || type.startsWith(DOCKER_LIST)) {
            return true;
        }
        try {
            JsonNode root = JSON.readTree(m.body());
            return root.path("manifests").isArray() && !root.has("config");
        } catch (IOException e) {
            return false;
        }
    }

    /** The entries of an index, with their platforms (entries without one, such as attestations, are left out). */
    public static List<Entry> entries(Manifest index) {
        List<Entry> out = new ArrayList<>();
        try {
            for (JsonNode m : JSON.readTree(index.body()).path("manifests")) {
                JsonNode p = m.path("platform");
                Optional<Platform> platform = Platform.of(p.path("os").asText(""), p.path("architecture").asText(""),
                        p.path("variant").asText(""));
                if (platform.isPresent() && !"unknown".equals(p.path("os").asText())) {
                    out.add(new Entry(m.path("mediaType").asText(""), m.path("digest").asText(""), m.path("size").asLong(),
                            platform.get()));
                }
            }
        } catch (IOException e) {
            throw PpctlException.environment("an image index is not JSON: " + e.getMessage(), null, e);
        }
        return out;
    }

    /**
     * The manifest of {@code platform}'s image behind what a daemon pushed under a tag: the manifest itself, or, when
     * the daemon pushed an index (Docker's containerd image store pushes the image as it holds it), that index's entry
     * for the platform.
     */
    public static Manifest platformManifest(RegistryClient client, Manifest pushed, Platform platform) {
        if (!isIndex(pushed)) {
            return pushed;
        }
        Entry entry = entries(pushed).stream().filter(e -> platform.accepts(e.platform())).findFirst()
                .orElseThrow(() -> PpctlException.environment(client.label() + ": the index the daemon pushed (" + pushed.digest()
                        + ") has no " + platform + " image", null, null));
        return client.manifest(entry.digest()).orElseThrow(() -> PpctlException.environment(client.label()
                + " does not serve " + entry.digest() + ", the " + platform + " image of the index " + pushed.digest(), null, null));
    }

    /** The platform an image manifest's config names (read from the registry), empty when it names none. */
    public static Optional<Platform> configPlatform(RegistryClient client, Manifest image) {
        Optional<String> config = image.configDigest();
        if (config.isEmpty()) {
            return Optional.empty();
        }
        byte[] blob = client.blob(config.get(), MAX_CONFIG).orElseThrow(() -> PpctlException.environment(client.label()
                + " does not serve the config " + config.get() + " of " + image.digest(), null, null));
        try {
            JsonNode c = JSON.readTree(blob);
            return Platform.of(c.path("os").asText(""), c.path("architecture").asText(""), c.path("variant").asText(""));
        } catch (IOException e) {
            throw PpctlException.environment(client.label() + ": the config " + config.get() + " is not JSON", null, e);
        }
    }

    /** The entry that names {@code image} (as the registry serves it) for {@code platform}. */
    public static Entry entry(Manifest image, Platform platform) {
        return new Entry(baseType(image.mediaType()), image.digest(), image.body().length, platform);
    }

    /** A Content-Type without parameters ("; charset=..."), as a descriptor's mediaType. */
    static String baseType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    }

    /** For messages and tests: the index as text. */
    public static String text(Manifest index) {
        return new String(index.body(), StandardCharsets.UTF_8);
    }
}
