package io.ppctl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real crane (go-containerregistry), a registry client independent of ppctl's and of the daemon's, for checking
 * what a test pushed. Its credentials go into a docker config of its own (never onto the command line).
 */
public final class Crane {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What crane sees for one tag: the manifest digest, the manifest, and the image config's labels. */
    public record Seen(String tag, String digest, JsonNode manifest, Map<String, String> labels) {}

    private Crane() {}

    public static Seen inspect(TestRegistry registry, String repository, String tag) {
        return inspect(registry, TestRegistry.USER, registry.password(), repository, tag);
    }

    /** As {@link #inspect(TestRegistry, String, String)}, logged in as {@code user} (a token registry's account). */
    public static Seen inspect(TestRegistry registry, String user, String password, String repository, String tag) {
        String ref = registry.craneHost() + "/" + repository + ":" + tag;
        String digest = runAs(registry, user, password, "digest", ref).trim();
        JsonNode manifest = json(runAs(registry, user, password, "manifest", ref));
        JsonNode config = json(runAs(registry, user, password, "config", ref));
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Seen(tag, digest, manifest, labels);
    }

    /** Runs crane against {@code registry} (with its test credentials); fails the test when crane fails. */
    public static String run(TestRegistry registry, String... args) {
        return runAs(registry, TestRegistry.USER, registry.password(), args);
    }

    /**
     * Runs crane against {@code registry} logged in as {@code user}; for a token registry crane gets its own tokens
     * from the realm with these credentials. Fails the test when crane fails.
     */
    public static String runAs(TestRegistry registry, String user, String password, String... args) {
        Path config = TestDocker.tempDir("ppctl-crane");
        try {
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            Files.writeString(config.resolve("config.json"), "{\"auths\":{\"" + registry.craneHost() + "\":{\"auth\":\"" + auth + "\"}}}");
            List<String> cmd = new ArrayList<>(List.of(RealTools.binary("crane").toString(), "--insecure"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
            pb.environment().put("DOCKER_CONFIG", config.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("crane " + String.join(" ", args) + " hung");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("crane " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            TestProject.deleteTree(config);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("crane printed no JSON: " + text, e);
        }
    }
}
