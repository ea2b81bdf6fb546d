package io.ppctl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.ppctl.registry.Manifest;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI 1.1 referrers API (distribution-spec v1.1: GET /v2/NAME/referrers/DIGEST, and the OCI-Subject header on a
 * manifest PUT whose manifest has a subject), served by {@link FaultProxy} in front of a real registry that lacks it:
 * neither Debian's distribution 2.8 nor the distribution v3.1.1 the installer builds implements it (v3.1.1's source
 * has no referrers route). The registry behind still stores every manifest and blob; this class only remembers which
 * stored manifests name a subject and lists them as the spec says (descriptor: media type, digest, size,
 * artifactType or else the config's media type, the manifest's annotations).
 */
public final class ReferrersApi {
    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final Pattern REFERRERS = Pattern.compile("^/v2/(.+)/referrers/(sha256:[0-9a-f]{64})$");
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** "repository@subject" -> the referrers' descriptors, in the order they were stored. */
    private final Map<String, List<ObjectNode>> referrers = new ConcurrentHashMap<>();
    private final List<String> noted = new CopyOnWriteArrayList<>();
    private final List<String> listed = new CopyOnWriteArrayList<>();

    static boolean isManifestPut(String method, String path) {
        return method.equals("PUT") && MANIFEST.matcher(path).matches();
    }

    static boolean isReferrersGet(String method, String path) {
        return (method.equals("GET") || method.equals("HEAD")) && REFERRERS.matcher(path).matches();
    }

    /**
     * After the registry stored the manifest PUT to {@code path}: notes it as a referrer when it names a subject, and
     * returns the OCI-Subject header to answer with (the subject's digest), as a registry with the API does.
     */
    Optional<String> stored(String path, byte[] body, String contentType) {
        Matcher m = MANIFEST.matcher(path);
        JsonNode manifest;
        try {
            manifest = JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!m.matches() || manifest == null || !manifest.path("subject").path("digest").isTextual()) {
            return Optional.empty();
        }
        String subject = manifest.path("subject").path("digest").asText();
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", manifest.path("mediaType").asText(contentType));
        String digest = Manifest.sha256(body);
        d.put("digest", digest);
        d.put("size", body.length);
        d.put("artifactType", manifest.path("artifactType").isTextual() ? manifest.path("artifactType").asText()
                : manifest.path("config").path("mediaType").asText(""));
        if (manifest.path("annotations").isObject()) {
            d.set("annotations", manifest.path("annotations"));
        }
        List<ObjectNode> list = referrers.computeIfAbsent(m.group(1) + "@" + subject, k -> new CopyOnWriteArrayList<>());
        list.removeIf(old -> old.path("digest").asText().equals(digest));
        list.add(d);
        noted.add(m.group(1) + " " + digest + " -> " + subject);
        return Optional.of(subject);
    }

    /** Answers a referrers GET: an image index of the subject's referrers, filtered by ?artifactType= when given. */
    void answer(HttpExchange ex, String path, String rawQuery) throws IOException {
        Matcher m = REFERRERS.matcher(path);
        if (!m.matches()) {
            throw new IllegalStateException(path);
        }
        String filter = null;
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            if (pair.startsWith("artifactType=")) {
                filter = URLDecoder.decode(pair.substring("artifactType=".length()), StandardCharsets.UTF_8);
            }
        }
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (ObjectNode d : referrers.getOrDefault(m.group(1) + "@" + m.group(2), List.of())) {
            if (filter == null || filter.equals(d.path("artifactType").asText())) {
                manifests.add(d);
            }
        }
        listed.add(m.group(1) + " " + m.group(2) + (filter == null ? "" : " artifactType=" + filter));
        byte[] body = JSON.writeValueAsBytes(index);
        ex.getResponseHeaders().set("Content-Type", INDEX);
        if (filter != null) {
            ex.getResponseHeaders().set("OCI-Filters-Applied", "artifactType");
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(200, -1);
        } else {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    /** "repository referrer-digest -> subject" for each manifest PUT answered with OCI-Subject. */
    public List<String> noted() {
        return List.copyOf(noted);
    }

    /** "repository subject [artifactType=...]" for each referrers list asked for. */
    public List<String> listed() {
        return List.copyOf(listed);
    }

    /** The descriptors listed for {@code subject} in {@code repository} (a path, without the registry host). */
    public List<JsonNode> of(String repository, String subject) {
        return new ArrayList<>(referrers.getOrDefault(repository + "@" + subject, List.of()));
    }
}
