package io.ppctl.supplychain;

import io.ppctl.testing.EngineIndependent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.FaultProxy;
import io.ppctl.testing.Gates;
import io.ppctl.testing.ReferrersApi;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestKeys;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed push (signing.referrers on) to a registry that serves the OCI 1.1 referrers API: ppctl stores each
 * referrer once, sees OCI-Subject in the answers and writes no fallback index tag; the API lists the signature and
 * every attestation; ppctl verify and cosign --experimental-oci11 read them from it. The real registries here lack
 * the API (distribution 2.8, and v3.1.1, whose source has no referrers route), so the tests' proxy serves it
 * ({@link ReferrersApi}) in front of the real registry, which stores everything.
 */
@EngineIndependent
class ReferrersApiIT {
    private static TestRegistry registry;
    private static FaultProxy proxy;
    private static ReferrersApi api;
    private static Path work;
    private static Path publicKey;
    private static TestProject project;
    private static String path;
    private static String repository;
    private static String digest;
    private static JsonNode signed;

    @BeforeAll
    static void pushSigned() throws Exception {
        registry = TestRegistry.start("reg-" + UUID.randomUUID());
        proxy = FaultProxy.start(registry.host());
        api = proxy.serveReferrersApi();
        work = TestDocker.tempDir("ppctl-referrers");
        registry.dockerConfig(work.resolve("docker"), proxy.host());
        KeyPair pair = TestKeys.ecP256();
        publicKey = TestKeys.write(work.resolve("cosign.pub"), TestKeys.publicPem(pair));
        path = TestDocker.prefix() + "/referrers";
        repository = proxy.host() + "/" + path;
        project = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
                .write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nRUN echo " + UUID.randomUUID() + " > /id\n")
                .write("cosign.key", TestKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
                .write("ppctl.yaml", String.join("\n",
                        "image: {name: " + TestDocker.prefix() + "-referrers}",
                        "registries:",
                        "  - {name: one, repository: " + repository + "}",
                        "signing: {key: cosign.key, referrers: true}",
                        ""))
                .commit("v1.0.0");
        assertThat(Cli.inProject(project.dir(), env(), "build").exitCode()).isZero();
        String id = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", TestDocker.prefix() + "-referrers:v1.0.0").trim();
        Gates.passed(project.dir(), id);
        SupplyChainIT.writeSbom(project, id);
        CliResult push = Cli.inProject(project.dir(), env(), "push", "--output", "json");
        assertThat(push.exitCode()).as(push.toString()).isZero();
        // The real registry behind the proxy holds the release: every tag complete, one digest, crane agrees.
        digest = RegistryContent.release(registry, path, List.of("v1.0.0", "sha-" + project.head().substring(0, 7), "latest")).digest();
        signed = new ObjectMapper().readTree(push.stdout()).path("signed").get(0);
    }

    @AfterAll
    static void stop() {
        if (project != null) {
            project.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
        TestProject.deleteTree(work);
        TestDocker.cleanup();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_ONE_USERNAME", TestRegistry.USER);
        env.put("PPCTL_ONE_PASSWORD", registry.password());
        env.put("DOCKER_CONFIG", work.resolve("docker").toString());
        return env;
    }

    @Test
    void pushUsesTheApiAndWritesNoFallbackIndex() {
        assertThat(signed.path("digest").asText()).isEqualTo(digest);
        assertThat(signed.path("referrersApi").asBoolean(false)).as(signed.toString()).isTrue();
        List<String> written = signed.path("referrers").findValuesAsText("digest");
        assertThat(written).hasSize(4);
        // Every referrer ppctl wrote was answered with OCI-Subject naming the pushed digest.
        assertThat(api.noted()).containsExactlyInAnyOrderElementsOf(written.stream().map(d -> path + " " + d + " -> " + digest).toList());
        // The fallback tag (sha256-HEX) is what a registry without the API needs; with it, none is written.
        assertThat(registry.digest(path, digest.replace(':', '-'))).isEmpty();
        assertThat(registry.tagsJson(path).orElseThrow()).doesNotContain("\"" + digest.replace(':', '-') + "\"");
    }

    @Test
    void theApiListsTheSignatureAndEveryAttestation() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + proxy.host()
                + "/v2/" + path + "/referrers/" + digest)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode index = new ObjectMapper().readTree(r.body());
        List<String> types = index.path("manifests").findValuesAsText("artifactType");
        assertThat(types).containsExactlyInAnyOrder(CosignLayout.SIG_ARTIFACT_TYPE, Dsse.ENVELOPE_MEDIA_TYPE,
                Dsse.ENVELOPE_MEDIA_TYPE, Dsse.ENVELOPE_MEDIA_TYPE);
        assertThat(index.path("manifests").findValuesAsText("digest"))
                .containsExactlyInAnyOrderElementsOf(signed.path("referrers").findValuesAsText("digest"));
        // Each is a manifest the real registry stores, whose subject is the pushed digest and whose layer is the
        // signature or an attestation of the .sig/.att tags.
        List<String> layers = new ArrayList<>(List.of(signed.path("signatureLayer").asText()));
        layers.addAll(signed.path("attestations").findValuesAsText("digest"));
        List<String> referred = new ArrayList<>();
        for (String d : index.path("manifests").findValuesAsText("digest")) {
            HttpResponse<String> m = registry.get("/v2/" + path + "/manifests/" + d, true);
            assertThat(m.statusCode()).isEqualTo(200);
            JsonNode manifest = new ObjectMapper().readTree(m.body());
            assertThat(manifest.path("subject").path("digest").asText()).isEqualTo(digest);
            referred.addAll(manifest.path("layers").findValuesAsText("digest"));
        }
        assertThat(referred).containsExactlyInAnyOrderElementsOf(layers);
    }

    @Test
    void verifyAndCosignReadTheReferrersFromTheApi() throws Exception {
        int before = api.listed().size();
        CliResult verify = Cli.run(Map.of("DOCKER_CONFIG", work.resolve("docker").toString()), "verify",
                repository + "@" + digest, "--key", publicKey.toString(), "--output", "json");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(verify.stdout());
        assertThat(v.path("referrers").findValuesAsText("artifactType")).containsExactlyInAnyOrder(
                CosignLayout.SIG_ARTIFACT_TYPE, Dsse.ENVELOPE_MEDIA_TYPE, Dsse.ENVELOPE_MEDIA_TYPE, Dsse.ENVELOPE_MEDIA_TYPE);
        assertThat(api.listed().subList(before, api.listed().size())).contains(path + " " + digest);

        int beforeCosign = api.listed().size();
        TestDocker.Result cosign = SupplyChainIT.offline(work.resolve("docker"), work, "cosign", "verify",
                "--experimental-oci11", "--key", publicKey.toString(), "--insecure-ignore-tlog=true", repository + "@" + digest);
        assertThat(cosign.exitCode()).as(cosign.output()).isZero();
        assertThat(cosign.output()).contains("The signatures were verified against the specified public key");
        // With no fallback tag in the registry, cosign can only have found the signature through the API.
        assertThat(api.listed().subList(beforeCosign, api.listed().size())).anyMatch(l -> l.startsWith(path + " " + digest));
    }
}
