package io.ppctl.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.Ppctl;
import io.ppctl.cli.Invocation;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the push and rollback ITs share: test images, project set-up, and looks into a registry. */
final class RegistryFixture {
    private RegistryFixture() {}

    /** Two registries (one, two) with their own passwords, and two different small images A and B. */
    record TwoRegistries(TestRegistry one, TestRegistry two, String imageA, String imageB) implements AutoCloseable {
        static TwoRegistries start(String name) {
            return new TwoRegistries(TestRegistry.start(password()), TestRegistry.start(password()),
                    image(name + "-a", 64 * 1024), image(name + "-b", 64 * 1024));
        }

        /** PPCTL_ONE_* and PPCTL_TWO_* with the right passwords. */
        Map<String, String> credentials() {
            return Map.of("PPCTL_ONE_USERNAME", TestRegistry.USER, "PPCTL_ONE_PASSWORD", one.password(),
                    "PPCTL_TWO_USERNAME", TestRegistry.USER, "PPCTL_TWO_PASSWORD", two.password());
        }

        @Override
        public void close() {
            one.close();
            two.close();
            TestDocker.cleanup();
        }
    }

    /** A small image FROM the busybox base with {@code bytes} random bytes in a layer of its own, so every one differs. */
    static String image(String name, int bytes) {
        Path dir = TestDocker.tempDir("ppctl-push-image");
        try {
            byte[] data = new byte[bytes];
            new SecureRandom().nextBytes(data);
            Files.write(dir.resolve("payload"), data);
            Files.writeString(dir.resolve("Dockerfile"), "FROM " + TestDocker.baseImage() + "\nCOPY payload /payload\n");
            String tag = TestDocker.prefix() + "-" + name + ":1";
            TestDocker.build(dir, tag);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TestProject.deleteTree(dir);
        }
    }

    static String password() {
        return "pw-" + UUID.randomUUID();
    }

    /** The repository path inside a test registry for one test: ppctl-it-RUN/NAME. */
    static String path(String name) {
        return TestDocker.prefix() + "/" + name;
    }

    /** A git project at VERSION whose ppctl.yaml pushes to the given registries (name to registry, in name order) under path(repo). */
    static TestProject project(String version, String repo, Map<String, TestRegistry> registries) {
        StringBuilder yaml = new StringBuilder("registries:\n");
        new java.util.TreeMap<>(registries).forEach((name, r) -> yaml.append("  - name: ").append(name).append("\n    repository: ")
                .append(r.host()).append('/').append(path(repo)).append('\n'));
        yaml.append("push:\n  attempts: 3\n  initialBackoff: 100ms\n  maxBackoff: 1s\n");
        return TestProject.git().write("VERSION", version + "\n").write("ppctl.yaml", yaml.toString())
                .write(".gitignore", "target/\n").commit("release " + version);
    }

    /** The environment of one run: an empty docker config (no stray logins of the machine) plus {@code extra}. */
    static Map<String, String> env(Path dockerConfig, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("PPCTL_"));
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        env.putAll(extra);
        return env;
    }

    /** Runs ppctl in-process with {@code stdin}; stderr also goes to {@code errTap} as it is written. */
    static CliResult run(Map<String, String> env, String stdin, OutputStream errTap, String... args) {
        // These tests are about pushing: the fixture images count as tested (the gate rule has its own test).
        io.ppctl.testing.Gates.passedForPushArgs(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream errBoth = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                err.write(b);
                errTap.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                err.write(b, off, len);
                errTap.write(b, off, len);
            }
        };
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(errBoth, true, StandardCharsets.UTF_8)) {
            code = Ppctl.run(new Invocation(o, e, env, false, in), args);
        }
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliResult run(Map<String, String> env, String... args) {
        return run(env, "", OutputStream.nullOutputStream(), args);
    }

    /** The manifest's config and layer digests, each of which the registry must serve (HEAD 200). */
    static List<String> missingBlobs(TestRegistry r, String repoPath, String tag) throws Exception {
        HttpResponse<String> m = r.get("/v2/" + repoPath + "/manifests/" + tag, true);
        if (m.statusCode() != 200) {
            throw new AssertionError(repoPath + ":" + tag + " has no manifest: " + m.statusCode());
        }
        JsonNode manifest = new ObjectMapper().readTree(m.body());
        List<String> digests = new ArrayList<>();
        digests.add(manifest.path("config").path("digest").asText());
        manifest.path("layers").forEach(l -> digests.add(l.path("digest").asText()));
        List<String> missing = new ArrayList<>();
        for (String d : digests) {
            if (r.head("/v2/" + repoPath + "/blobs/" + d) != 200) {
                missing.add(d);
            }
        }
        return missing;
    }
}
