package io.ppctl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link TestRegistry} holds for a tag, judged twice: through the Registry API (the manifest, and a 200 for
 * each blob it names) and on disk (distribution's storage layout: the tag's link, the manifest and every blob file,
 * each of which must hash to its digest). A fault may leave a tag complete or absent, never anything in between.
 * {@link #release} adds a third, independent look: the real crane.
 */
public final class RegistryContent {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** COMPLETE, ABSENT, or BROKEN with what is wrong. */
    public record TagState(String tag, String state, String detail) {
        public boolean completeOrAbsent() {
            return !state.equals("BROKEN");
        }

        @Override
        public String toString() {
            return tag + ": " + state + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** One release as every client saw it: the digest all its tags name, and the image config's labels. */
    public record Release(String digest, Map<String, String> labels) {}

    private RegistryContent() {}

    /**
     * Checks each tag three ways (Registry API, storage on disk, crane): each must be COMPLETE, crane must see the same
     * manifest digest and the same manifest as the API, and all tags must name one digest. Fails the test otherwise.
     */
    public static Release release(TestRegistry registry, String repository, List<String> tags) {
        return release(registry, repository, tags, TestRegistry.USER, registry.password());
    }

    /** As {@link #release(TestRegistry, String, List)}, with crane logged in as {@code craneUser} (a token registry's account). */
    public static Release release(TestRegistry registry, String repository, List<String> tags, String craneUser, String cranePassword) {
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("no tags");
        }
        Set<String> digests = new LinkedHashSet<>();
        Map<String, String> labels = null;
        for (String tag : tags) {
            TagState state = tag(registry, repository, tag);
            if (!state.state().equals("COMPLETE")) {
                throw new AssertionError(repository + ":" + state);
            }
            Crane.Seen seen = Crane.inspect(registry, craneUser, cranePassword, repository, tag);
            if (!seen.digest().equals(state.detail())) {
                throw new AssertionError(repository + ":" + tag + ": crane sees " + seen.digest() + ", the Registry API " + state.detail());
            }
            try {
                JsonNode api = JSON.readTree(registry.get("/v2/" + repository + "/manifests/" + tag, true).body());
                if (!api.equals(seen.manifest())) {
                    throw new AssertionError(repository + ":" + tag + ": crane's manifest differs from the Registry API's");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (labels != null && !labels.equals(seen.labels())) {
                throw new AssertionError(repository + ":" + tag + ": labels differ between tags: " + labels + " / " + seen.labels());
            }
            labels = seen.labels();
            digests.add(seen.digest());
        }
        if (digests.size() != 1) {
            throw new AssertionError(repository + ": the tags " + tags + " name " + digests.size() + " digests: " + digests);
        }
        return new Release(digests.iterator().next(), labels);
    }

    public static TagState tag(TestRegistry registry, String repository, String tag) {
        Path repo = registry.storage().resolve("docker/registry/v2/repositories").resolve(repository);
        Path link = repo.resolve("_manifests/tags").resolve(tag).resolve("current/link");
        HttpResponse<String> m = registry.get("/v2/" + repository + "/manifests/" + tag, true);
        if (m.statusCode() == 404) {
            return Files.exists(link) ? new TagState(tag, "BROKEN", "the API says 404 but the tag link exists on disk")
                    : new TagState(tag, "ABSENT", "");
        }
        if (m.statusCode() != 200) {
            return new TagState(tag, "BROKEN", "the manifest answers " + m.statusCode());
        }
        List<String> problems = new ArrayList<>();
        String digest = m.headers().firstValue("Docker-Content-Digest").orElse("");
        if (!Files.exists(link)) {
            problems.add("no tag link on disk");
        } else if (!read(link).equals(digest)) {
            problems.add("the tag link names " + read(link) + ", the API " + digest);
        }
        checkBlob(registry, digest, "manifest", problems);
        try {
            JsonNode manifest = JSON.readTree(m.body());
            List<String> blobs = new ArrayList<>();
            blobs.add(manifest.path("config").path("digest").asText());
            manifest.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
            for (String blob : blobs) {
                int status = registry.head("/v2/" + repository + "/blobs/" + blob);
                if (status != 200) {
                    problems.add("blob " + blob + " answers " + status);
                }
                checkBlob(registry, blob, "blob", problems);
            }
        } catch (IOException e) {
            problems.add("the manifest is not JSON");
        }
        return problems.isEmpty() ? new TagState(tag, "COMPLETE", digest) : new TagState(tag, "BROKEN", String.join("; ", problems));
    }

    /** The blob file exists and its content hashes to its name. */
    private static void checkBlob(TestRegistry registry, String digest, String what, List<String> problems) {
        if (!digest.startsWith("sha256:")) {
            problems.add(what + " digest '" + digest + "'");
            return;
        }
        String hex = digest.substring(7);
        Path data = registry.storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
        if (!Files.isRegularFile(data)) {
            problems.add(what + " " + digest + " is not on disk");
            return;
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(data), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            String actual = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            if (!actual.equals(hex)) {
                problems.add(what + " " + digest + " on disk hashes to sha256:" + actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
