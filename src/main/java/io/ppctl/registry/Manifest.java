package io.ppctl.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.JsonMappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A manifest (or index) exactly as the registry serves it: the bytes matter, since the digest is their sha256,
 * and the media type, since a PUT must declare it. Re-putting these bytes under another tag (rollback) gives
 * the tag the very same digest without rebuilding or re-uploading anything.
 */
public record Manifest(String mediaType, byte[] body, String digest) {

    public static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private static final ObjectMapper JSON = JsonMappers.plain();

    /**
     * The digest of the image config an image manifest names ({@code config.digest}); empty for an index or a body
     * that is not such JSON. Docker's classic image store and Podman use it as the image ID.
     */
    public Optional<String> configDigest() {
        try {
            JsonNode digest = JSON.readTree(body).path("config").path("digest");
            return digest.isTextual() ? Optional.of(digest.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The body as text (manifests are JSON), for tests and --verbose. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
