package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.config.PushConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.FaultProxy;
import io.ppctl.testing.Gates;
import io.ppctl.testing.RealTools;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestKeys;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing, attestations and verify against the real daemon, a real registry on 127.0.0.1 and the real cosign
 * v2.6.4 and crane (offline: cosign never leaves 127.0.0.1). One image is built and pushed signed once; the
 * negative cases alter its attachments in the registry and put them back.
 */
class SupplyChainIT {
    private static final String KEY_PASSWORD = "pw-" + UUID.randomUUID();
    private static final String PASSWORD_ENV = "PPCTL_IT_SIGNING_PASSWORD";
    private static TestRegistry registry;
    private static TestProject project;
    private static Path work;
    private static KeyPair pair;
    private static Path publicKey;
    private static String repository;
    private static String digest;
    private static CliResult push;
    private static String commit;

    @BeforeAll
    static void buildAndPushSigned() throws Exception {
        registry = TestRegistry.start("reg-" + UUID.randomUUID());
        work = TestDocker.tempDir("ppctl-supply");
        pair = TestKeys.ecP256();
        publicKey = TestKeys.write(work.resolve("cosign.pub"), TestKeys.publicPem(pair));
        registry.dockerConfig(work.resolve("docker"), registry.host());
        String path = TestDocker.prefix() + "/supply";
        repository = registry.host() + "/" + path;
        project = project("v1.0.0", repository);
        commit = project.head();
        CliResult build = Cli.inProject(project.dir(), env(), "build");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        String imageId = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", imageName() + ":v1.0.0").trim();
        Gates.passed(project.dir(), imageId);
        writeSbom(project, imageId);
        push = Cli.inProject(project.dir(), env(), "push", "--output", "json");
        assertThat(push.exitCode()).as(push.toString()).isZero();
        digest = registry.digest(path, "v1.0.0").orElseThrow();
    }

    @AfterAll
    static void clean() {
        if (project != null) {
            project.close();
        }
        if (registry != null) {
            registry.close();
        }
        TestProject.deleteTree(work);
        TestDocker.cleanup();
    }

    private static String imageName() {
        return TestDocker.prefix() + "-supply";
    }

    static TestProject project(String version, String repo) {
        byte[] payload = new byte[32 * 1024];
        new SecureRandom().nextBytes(payload);
        TestProject p = TestProject.git().write("VERSION", version + "\n").write(".gitignore", "target/\n")
                .write("payload", Base64.getEncoder().encodeToString(payload))
                .write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nARG VERSION\nARG KYVERNO_VERSION=1.15.2\n"
                        + "COPY payload /payload\n")
                .write("ppctl.yaml", String.join("\n",
                        "image: {name: " + imageName() + "}",
                        "registries:",
                        "  - {name: one, repository: " + repo + "}",
                        "push: {attempts: 2, initialBackoff: 100ms, maxBackoff: 500ms}",
                        "signing: {key: cosign.key, passwordEnv: " + PASSWORD_ENV + "}",
                        ""));
        TestKeys.write(p.path("cosign.key"), TestKeys.encryptedPem(pair, KEY_PASSWORD));
        p.git("remote", "add", "origin", "https://git.example.com/acme/policy-platform.git");
        return p.commit("release " + version);
    }

    /** A CycloneDX document where scan writes it (the stand-in until the real-Trivy helper lands; see SbomIT). */
    static void writeSbom(TestProject p, String imageId) throws IOException {
        Path f = p.path("target/ppctl/sbom/" + imageId.replace("sha256:", "") + ".cdx.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":["
                + "{\"type\":\"library\",\"name\":\"busybox\",\"version\":\"1.36.1\"},"
                + "{\"type\":\"library\",\"name\":\"musl\",\"version\":\"1.2.4\"}]}");
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_ONE_USERNAME", TestRegistry.USER);
        env.put("PPCTL_ONE_PASSWORD", registry.password());
        env.put("DOCKER_CONFIG", work.resolve("docker").toString());
        env.put(PASSWORD_ENV, KEY_PASSWORD);
        return env;
    }

    static RegistryClient client() {
        return new RegistryClient(new RegistryConfig("one", repository, true),
                Optional.of(Credentials.password(TestRegistry.USER, registry.password(), "test")), new Retry(PushConfig.DEFAULT, l -> { }));
    }

    static CliResult verify(String ref, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", ref, "--key", publicKey.toString()));
        args.addAll(List.of(more));
        return Cli.run(Map.of("DOCKER_CONFIG", work.resolve("docker").toString()), args.toArray(String[]::new));
    }

    /** Runs a real tool with only loopback reachable: proxies point nowhere, HOME is the test's own. */
    static TestDocker.Result tool(String name, String... args) throws Exception {
        return offline(work.resolve("docker"), work, name, args);
    }

    /** {@code name} (cosign, crane) logged in by {@code dockerConfig}; HTTP(S) proxies point at a closed port. */
    static TestDocker.Result offline(Path dockerConfig, Path home, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(RealTools.binary(name).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("HTTPS_PROXY", "http://127.0.0.1:9");
        pb.environment().put("HTTP_PROXY", "http://127.0.0.1:9");
        pb.environment().put("NO_PROXY", "127.0.0.1,localhost");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish within 120 s");
        }
        return new TestDocker.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static TestDocker.Result cosign(String... args) throws Exception {
        return tool("cosign", args);
    }

    @Test
    void pushSignsTheDigestAndPrintsTheAttachments() throws Exception {
        JsonNode out = new ObjectMapper().readTree(push.stdout());
        JsonNode signed = out.path("signed").get(0);
        assertThat(signed.path("digest").asText()).isEqualTo(digest);
        assertThat(signed.path("signatureTag").asText()).isEqualTo(digest.replace(':', '-') + ".sig");
        assertThat(signed.path("attestations").findValuesAsText("predicateType")).containsExactlyInAnyOrder(
                "https://slsa.dev/provenance/v1", "https://ppctl.dev/attestations/gate-results/v1", "https://cyclonedx.org/bom");
        // Every tag names the signed digest; the version tag was set after the signature existed.
        assertThat(out.path("tags").findValuesAsText("digest")).hasSize(3).allMatch(digest::equals);
        assertThat(push.stderr().indexOf(".sig signs")).isPositive().isLessThan(push.stderr().indexOf(":v1.0.0@"));
    }

    @Test
    void cosignVerifiesTheSignatureAndEveryAttestation() throws Exception {
        String ref = repository + "@" + digest;
        TestDocker.Result sig = cosign("verify", "--key", publicKey.toString(), "--insecure-ignore-tlog=true", ref);
        assertThat(sig.exitCode()).as(sig.output()).isZero();
        assertThat(sig.output()).contains("The signatures were verified against the specified public key", digest);
        for (String type : List.of("slsaprovenance1", "cyclonedx", GateResults.PREDICATE_TYPE)) {
            TestDocker.Result att = cosign("verify-attestation", "--key", publicKey.toString(), "--insecure-ignore-tlog=true",
                    "--type", type, ref);
            assertThat(att.exitCode()).as(type + ": " + att.output()).isZero();
        }
        // cosign's --type slsaprovenance means SLSA v0.2 (https://slsa.dev/provenance/v0.2): ppctl attests v1.
        TestDocker.Result v02 = cosign("verify-attestation", "--key", publicKey.toString(), "--insecure-ignore-tlog=true",
                "--type", "slsaprovenance", ref);
        assertThat(v02.exitCode()).as(v02.output()).isNotZero();
        assertThat(v02.output()).contains("none of the attestations matched the predicate type: slsaprovenance, "
                + "found: https://slsa.dev/provenance/v1");
        // The OCI 1.1 referrer (the fallback index of a registry without the referrers API) is what cosign's OCI 1.1 mode reads.
        TestDocker.Result oci11 = cosign("verify", "--experimental-oci11", "--key", publicKey.toString(),
                "--insecure-ignore-tlog=true", ref);
        assertThat(oci11.exitCode()).as(oci11.output()).isZero();
    }

    @Test
    void cosignTreeAndCraneShowTheAttachments() throws Exception {
        TestDocker.Result tree = cosign("tree", repository + "@" + digest);
        assertThat(tree.exitCode()).as(tree.output()).isZero();
        assertThat(tree.output()).contains("Signatures for an image tag", "Attestations for an image tag",
                digest.replace(':', '-') + ".sig", digest.replace(':', '-') + ".att");
        TestDocker.Result ls = tool("crane", "ls", "--insecure", repository);
        assertThat(ls.exitCode()).as(ls.output()).isZero();
        String hex = digest.replace(':', '-');
        assertThat(ls.output().lines().toList()).contains("v1.0.0", "latest", hex + ".sig", hex + ".att", hex);
    }

    @Test
    void ppctlVerifyReportsWhatIsInsideAndThatItIsValid() throws Exception {
        CliResult r = verify(repository + ":v1.0.0", "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(r.stdout());
        assertThat(v.path("digest").asText()).isEqualTo(digest);
        assertThat(v.path("signature").path("valid").asBoolean()).isTrue();
        assertThat(v.path("version").asText()).isEqualTo("v1.0.0");
        assertThat(v.path("commit").asText()).isEqualTo(commit);
        assertThat(v.path("tools").path("KYVERNO_VERSION").asText()).isEqualTo("1.15.2");
        assertThat(v.path("gates").fieldNames()).toIterable().containsExactly("smoke-test", "scan");
        assertThat(v.path("sbomPackages").asInt()).isEqualTo(2);
        assertThat(v.path("problems")).isEmpty();
        assertThat(v.path("referrers").findValuesAsText("artifactType")).contains(CosignLayout.SIG_ARTIFACT_TYPE);
        CliResult text = verify(repository + "@" + digest);
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).contains("signature    valid", "gate         smoke-test: passed", "sbom         2 packages");
    }

    /** What a negative case changes: the stored layers (with their bytes) in, the layers to store instead out. */
    interface Change {
        List<CosignLayout.Layer> apply(List<CosignLayout.Layer> stored) throws Exception;
    }

    /**
     * Stores {@code change}'s layers under {@code tag} (the .sig or .att tag of the digest), runs ppctl verify and puts
     * the original back, also when the test fails; returns verify's result.
     */
    private static CliResult verifyWith(String tag, Change change) throws Exception {
        return verifyWith(tag, change, () -> { });
    }

    interface During {
        void check() throws Exception;
    }

    /** As above; {@code during} runs while the change is in place (another tool's view of it). */
    private static CliResult verifyWith(String tag, Change change, During during) throws Exception {
        RegistryClient c = client();
        Manifest original = c.manifest(tag).orElseThrow();
        try {
            List<CosignLayout.Layer> stored = new ArrayList<>();
            for (CosignLayout.Layer l : CosignLayout.layers(original)) {
                stored.add(CosignLayout.Layer.of(l.mediaType(), c.blob(l.digest(), 1 << 24).orElseThrow(), l.annotations()));
            }
            List<CosignLayout.Layer> layers = change.apply(stored);
            if (layers.isEmpty()) {
                delete(original.digest());
            } else {
                put(c, tag, layers);
            }
            CliResult r = verify(repository + "@" + digest);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            during.check();
            return r;
        } finally {
            c.putManifest(tag, original);
        }
    }

    /** The stored layers, the one of {@code predicateType} replaced by {@code replace} of its statement. */
    private static List<CosignLayout.Layer> replacing(List<CosignLayout.Layer> stored, String predicateType,
                                                      java.util.function.Function<byte[], byte[]> replace) {
        return stored.stream().map(l -> !l.annotation("predicateType").equals(predicateType) ? l
                : CosignLayout.Layer.of(l.mediaType(), replace.apply(l.data()), l.annotations())).toList();
    }

    private static Statement statement(byte[] envelope) {
        return Statement.parse(Dsse.parse(envelope).orElseThrow().payload()).orElseThrow();
    }

    @Test
    void aSignatureByAnotherKeyIsExitOne() throws Exception {
        SigningKey other = SigningKey.of(TestKeys.ecP256().getPrivate());
        byte[] payload = SimpleSigning.payload(repository, digest);
        CliResult r = verifyWith(CosignLayout.signatureTag(digest), stored -> List.of(CosignLayout.Layer.of(
                SimpleSigning.MEDIA_TYPE, payload, Map.of(CosignLayout.SIGNATURE_ANNOTATION,
                        Base64.getEncoder().encodeToString(other.sign(payload))))));
        assertThat(r.stderr().lines().filter(l -> l.contains("signature invalid")).toList()).singleElement()
                .asString().contains("verifies with key");
    }

    @Test
    void aTamperedAttestationIsExitOne() throws Exception {
        CliResult r = verifyWith(CosignLayout.attestationTag(digest), stored -> replacing(stored, GateResults.PREDICATE_TYPE,
                envelope -> {
                    try {
                        com.fasterxml.jackson.databind.node.ObjectNode env =
                                (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(envelope);
                        String changed = new String(Dsse.parse(envelope).orElseThrow().payload(), StandardCharsets.UTF_8)
                                .replace("recorded by a test fixture", "all green, promise");
                        env.put("payload", Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)));
                        return new ObjectMapper().writeValueAsBytes(env);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
        assertThat(r.stderr()).contains("attestation " + GateResults.PREDICATE_TYPE).contains("invalid signature: tampered");
        assertThat(r.stderr().lines().filter(l -> l.contains("tampered")).count()).isEqualTo(1);
    }

    @Test
    void anAttestationCopiedFromAnotherDigestIsExitOne() throws Exception {
        // Signed with the right key, but about another image: what copying another digest's .att here gives.
        String other = "sha256:" + "0f".repeat(32);
        SigningKey key = SigningKey.of(pair.getPrivate());
        CliResult r = verifyWith(CosignLayout.attestationTag(digest), stored -> replacing(stored, Provenance.PREDICATE_TYPE,
                envelope -> Dsse.sign(Statement.of(repository, other, Provenance.PREDICATE_TYPE, statement(envelope).predicate()), key)),
                () -> {
                    TestDocker.Result cosign = cosign("verify-attestation", "--key", publicKey.toString(),
                            "--insecure-ignore-tlog=true", "--type", "slsaprovenance1", repository + "@" + digest);
                    assertThat(cosign.exitCode()).as("cosign agrees: " + cosign.output()).isNotZero();
                });
        assertThat(r.stderr()).contains("attestation https://slsa.dev/provenance/v1 names another digest (" + other + ")");
    }

    @Test
    void labelsThatContradictTheProvenanceAreExitOne() throws Exception {
        // A correctly signed provenance about this digest whose labels are not the image's.
        SigningKey key = SigningKey.of(pair.getPrivate());
        CliResult r = verifyWith(CosignLayout.attestationTag(digest), stored -> replacing(stored, Provenance.PREDICATE_TYPE,
                envelope -> {
                    com.fasterxml.jackson.databind.node.ObjectNode predicate = statement(envelope).predicate().deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) predicate.path("buildDefinition").path("externalParameters")
                            .path("labels")).put("org.opencontainers.image.version", "v9.9.9");
                    return Dsse.sign(Statement.of(repository, digest, Provenance.PREDICATE_TYPE, predicate), key);
                }));
        assertThat(r.stderr()).contains("the image's label org.opencontainers.image.version is 'v1.0.0' but the provenance says 'v9.9.9'");
    }

    @Test
    void aMissingSignatureIsExitOne() throws Exception {
        CliResult r = verifyWith(CosignLayout.signatureTag(digest), stored -> List.of());
        assertThat(r.stderr()).contains("unsigned: no signature at " + CosignLayout.signatureTag(digest));
    }

    @Test
    void rollbackMovesTagsOnlyAndTheSignatureStaysValid() throws Exception {
        String path = repository.substring(repository.indexOf('/') + 1);
        project.write("VERSION", "v1.0.1\n").write("payload", UUID.randomUUID().toString()).commit("release v1.0.1");
        assertThat(Cli.inProject(project.dir(), env(), "build").exitCode()).isZero();
        String id = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", imageName() + ":v1.0.1").trim();
        Gates.passed(project.dir(), id);
        writeSbom(project, id);
        CliResult second = Cli.inProject(project.dir(), env(), "push");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(registry.digest(path, "latest")).isNotEqualTo(Optional.of(digest));

        CliResult rollback = Cli.inProject(project.dir(), env(), "rollback", "v1.0.0");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(registry.digest(path, "latest")).contains(digest);
        CliResult v = verify(repository + ":latest", "--output", "json");
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(new ObjectMapper().readTree(v.stdout()).path("version").asText()).isEqualTo("v1.0.0");
    }

    @Test
    void anUnreachableRegistryIsExitThree() {
        CliResult r = verify("127.0.0.1:9/nothing/here:v1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("cannot reach").doesNotContain("Exception");
    }

    private static void put(RegistryClient c, String tag, List<CosignLayout.Layer> layers) {
        for (CosignLayout.Layer l : layers) {
            c.uploadBlob(l.data());
        }
        CosignLayout.Built b = CosignLayout.build(layers, CosignLayout.OCI_CONFIG, Optional.empty());
        c.uploadBlob(b.config());
        c.putManifest(tag, b.manifest());
    }

    private static void delete(String manifestDigest) throws Exception {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + registry.host()
                        + "/v2/" + repository.substring(repository.indexOf('/') + 1) + "/manifests/" + manifestDigest))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (TestRegistry.USER + ":" + registry.password()).getBytes(StandardCharsets.UTF_8)))
                .DELETE().build();
        int status = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(status).isEqualTo(202);
    }
}
