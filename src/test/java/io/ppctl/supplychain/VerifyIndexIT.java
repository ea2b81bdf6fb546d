package io.ppctl.supplychain;

import io.ppctl.testing.EngineIndependent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppctl.config.PushConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.platform.Platform;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.ImageIndex;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestKeys;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppctl verify on an image index (what a multi-platform release publishes), made by hand in a real registry: two
 * platform images and the index over them. The index is signed and attested here as a careless tool might (ppctl
 * refuses to sign an index), with a provenance naming the platform images' labels: verify must not read that as
 * contradicted labels (an index has none) but say the index is not ppctl's to verify and name the platform digests.
 */
@EngineIndependent
class VerifyIndexIT {
    private static final Map<String, String> LABELS = Map.of("org.opencontainers.image.version", "v2.0.0",
            "org.opencontainers.image.revision", "0123456789abcdef0123456789abcdef01234567");
    private static TestRegistry registry;
    private static Path work;
    private static Path publicKey;
    private static SigningKey key;
    private static String repository;
    private static RegistryClient client;
    private static final Map<String, String> platformDigests = new java.util.LinkedHashMap<>();
    private static String indexDigest;

    @BeforeAll
    static void handMadeIndex() {
        registry = TestRegistry.start("reg-" + UUID.randomUUID());
        work = TestDocker.tempDir("ppctl-verify-index");
        KeyPair pair = TestKeys.ecP256();
        key = SigningKey.of(pair.getPrivate());
        publicKey = TestKeys.write(work.resolve("cosign.pub"), TestKeys.publicPem(pair));
        registry.dockerConfig(work.resolve("docker"), registry.host());
        repository = registry.host() + "/" + TestDocker.prefix() + "/index";
        client = new RegistryClient(new RegistryConfig("one", repository, true),
                Optional.of(Credentials.password(TestRegistry.USER, registry.password(), "test")),
                new Retry(PushConfig.DEFAULT, l -> { }));
        List<ImageIndex.Entry> entries = new ArrayList<>();
        for (String platform : List.of("linux/amd64", "linux/arm64")) {
            Manifest image = image(Platform.parse(platform));
            client.putManifest("v2.0.0-" + platform.replace('/', '-'), image);
            platformDigests.put(platform, image.digest());
            entries.add(ImageIndex.entry(image, Platform.parse(platform)));
        }
        Manifest index = ImageIndex.of(entries);
        client.putManifest("v2.0.0", index);
        indexDigest = index.digest();
        attest(indexDigest);
        attest(platformDigests.get("linux/amd64"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        TestProject.deleteTree(work);
    }

    /** One platform's image: a layer and a config with that platform and {@link #LABELS}. */
    private static Manifest image(Platform platform) {
        byte[] layer = ("layer of " + platform + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ObjectNode config = Json.object();
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        ObjectNode labels = config.putObject("config").putObject("Labels");
        LABELS.forEach(labels::put);
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(Manifest.sha256(layer));
        byte[] configBytes = Json.bytes(config);
        client.uploadBlob(layer);
        client.uploadBlob(configBytes);
        ObjectNode m = Json.object();
        m.put("schemaVersion", 2);
        m.put("mediaType", CosignLayout.OCI_MANIFEST);
        m.putObject("config").put("mediaType", CosignLayout.OCI_CONFIG).put("size", configBytes.length)
                .put("digest", Manifest.sha256(configBytes));
        m.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar")
                .put("size", layer.length).put("digest", Manifest.sha256(layer));
        byte[] body = Json.bytes(m);
        return new Manifest(CosignLayout.OCI_MANIFEST, body, Manifest.sha256(body));
    }

    /** Signs {@code digest} and attaches a provenance stating {@link #LABELS}, passed gates and an SBOM. */
    private static void attest(String digest) {
        ObjectNode provenance = Json.object();
        ObjectNode labels = provenance.putObject("buildDefinition").putObject("externalParameters").putObject("labels");
        LABELS.forEach(labels::put);
        ObjectNode gates = Json.object();
        gates.putObject("gates").putObject("smoke-test").put("passed", true).put("summary", "1 passed, 0 failed");
        ObjectNode sbom = Json.object().put("bomFormat", "CycloneDX");
        sbom.putArray("components").addObject().put("type", "library").put("name", "busybox");
        new Attacher(client, key).attach(digest, List.of(
                new Attacher.Attestation("provenance", Provenance.PREDICATE_TYPE,
                        Statement.of(repository, digest, Provenance.PREDICATE_TYPE, provenance)),
                new Attacher.Attestation("gate-results", GateResults.PREDICATE_TYPE,
                        Statement.of(repository, digest, GateResults.PREDICATE_TYPE, gates)),
                new Attacher.Attestation("sbom-cyclonedx", Sbom.CYCLONEDX_PREDICATE,
                        Statement.of(repository, digest, Sbom.CYCLONEDX_PREDICATE, sbom))), false);
    }

    private static CliResult verify(String ref, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", ref, "--key", publicKey.toString()));
        args.addAll(List.of(more));
        return Cli.run(Map.of("DOCKER_CONFIG", work.resolve("docker").toString()), args.toArray(String[]::new));
    }

    @Test
    void anIndexIsExitOneInOneLineNamingThePlatformDigestsNotFalseContradictions() {
        CliResult r = verify(repository + ":v2.0.0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        List<String> lines = r.stderr().strip().lines().toList();
        assertThat(lines).as(r.toString()).singleElement().asString()
                .contains(repository + "@" + indexDigest + ": an image index (2 platform(s)): the index itself is not signed by ppctl",
                        "verify a platform's digest instead: linux/amd64 " + repository + "@" + platformDigests.get("linux/amd64")
                                + ", linux/arm64 " + repository + "@" + platformDigests.get("linux/arm64"))
                .doesNotContain("label", "Exception");
        assertThat(r.stdout()).contains("  platform     linux/amd64  " + platformDigests.get("linux/amd64"),
                "  platform     linux/arm64  " + platformDigests.get("linux/arm64"));
    }

    @Test
    void theJsonReportListsThePlatforms() throws Exception {
        CliResult r = verify(repository + "@" + indexDigest, "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode v = new ObjectMapper().readTree(r.stdout());
        assertThat(v.path("digest").asText()).isEqualTo(indexDigest);
        assertThat(v.path("platforms").findValuesAsText("platform")).containsExactly("linux/amd64", "linux/arm64");
        assertThat(v.path("platforms").findValuesAsText("digest")).containsExactlyElementsOf(platformDigests.values());
        assertThat(v.path("problems")).hasSize(1);
    }

    @Test
    void aPlatformDigestTheMessageNamesVerifies() {
        CliResult r = verify(repository + "@" + platformDigests.get("linux/amd64"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("signature    valid", "version      v2.0.0").doesNotContain("platform ");
    }

    @Test
    void aDigestTheRegistryDoesNotHoldIsExitOneWithoutAStackTrace() {
        String absent = "sha256:" + "0".repeat(64);
        CliResult r = verify(repository + "@" + absent);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("no image " + repository + "@" + absent).doesNotContain("Exception");
    }
}
