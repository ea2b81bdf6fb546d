package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppctl.core.JsonMappers;

import java.io.IOException;
import java.util.Optional;

/** Compact JSON as the attachments hold it (no indentation: the bytes are what is signed and digested). */
final class Json {
    static final ObjectMapper MAPPER = JsonMappers.plain();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Optional<JsonNode> parse(byte[] data) {
        try {
            JsonNode n = MAPPER.readTree(data);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
