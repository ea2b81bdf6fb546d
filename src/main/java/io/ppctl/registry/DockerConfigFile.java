package io.ppctl.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.InputFiles;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The credential parts of docker's config.json ($DOCKER_CONFIG/config.json, else ~/.docker/config.json):
 * {@code auths} (base64 "user:password" in {@code auth}, or username/password, or an {@code identitytoken}),
 * {@code credHelpers} (a helper per registry host) and {@code credsStore} (the helper for all other hosts).
 */
public record DockerConfigFile(Path path, Map<String, AuthEntry> auths, Map<String, String> credHelpers, String credsStore) {

    /** One auths entry; all fields may be null (an empty entry only marks a login kept by credsStore). */
    public record AuthEntry(String username, String password, String identityToken) {
        public boolean empty() {
            return (username == null || password == null) && identityToken == null;
        }

        @Override
        public String toString() {
            return "AuthEntry[username=" + username + "]";
        }
    }

    private static final ObjectMapper JSON = JsonMappers.plain();

    /** Where docker keeps its config for this environment. */
    public static Path location(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "config.json");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".docker", "config.json");
    }

    /** The config, or empty when there is none. A file that is not valid JSON is an error (exit 2) naming it. */
    public static Optional<DockerConfigFile> load(Map<String, String> env) {
        Path path = location(env);
        String text;
        try {
            text = InputFiles.readText(path, InputFiles.TEXT_LIMIT);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw PpctlException.usage(path + ": cannot read docker config: " + e.getMessage());
        }
        try {
            return Optional.of(parse(path, text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Only the position: Jackson's own message may quote the file, and the file holds secrets.
            var at = e.getLocation();
            throw PpctlException.usage(path + ": not valid JSON" + (at == null ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException | IllegalArgumentException e) {
            throw PpctlException.usage(path + ": not a valid docker config: " + Text.firstLine(e.getMessage()));
        }
    }

    static DockerConfigFile parse(Path path, String text) throws IOException {
        JsonNode root = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        Map<String, AuthEntry> auths = new LinkedHashMap<>();
        JsonNode a = root.path("auths");
        a.fields().forEachRemaining(e -> auths.put(e.getKey(), entry(e.getValue())));
        Map<String, String> helpers = new LinkedHashMap<>();
        root.path("credHelpers").fields().forEachRemaining(e -> helpers.put(e.getKey(), e.getValue().asText()));
        String store = root.path("credsStore").asText("");
        return new DockerConfigFile(path, auths, helpers, store.isBlank() ? null : store);
    }

    private static AuthEntry entry(JsonNode n) {
        String user = text(n, "username");
        String password = text(n, "password");
        String auth = text(n, "auth");
        if (auth != null && !auth.isEmpty()) {
            String decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("an 'auth' value is not base64 of user:password");
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        return new AuthEntry(user, password, text(n, "identitytoken"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    /** The credential helper for {@code host}: its credHelpers entry, else credsStore. */
    public Optional<String> helperFor(String host) {
        for (Map.Entry<String, String> e : credHelpers.entrySet()) {
            if (RegistryHosts.keyMatches(e.getKey(), host) && !e.getValue().isBlank()) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.ofNullable(credsStore);
    }

    /** The auths entry with credentials for {@code host}, if any. */
    public Optional<AuthEntry> authFor(String host) {
        String exact = RegistryHosts.credentialKey(host);
        AuthEntry direct = auths.get(exact);
        if (direct != null && !direct.empty()) {
            return Optional.of(direct);
        }
        return auths.entrySet().stream().filter(e -> RegistryHosts.keyMatches(e.getKey(), host))
                .map(Map.Entry::getValue).filter(v -> !v.empty()).findFirst();
    }
}
