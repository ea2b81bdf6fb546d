package io.ppctl.supplychain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.config.PushConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlVersion;
import io.ppctl.policies.LockFile;
import io.ppctl.policies.PolicyLock;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.Gates;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestKeys;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the provenance attestation says, read back from a real registry and decoded from its DSSE envelope: a
 * multi-stage build with a target, a secret build arg, tool pins, a git remote with credentials, and two policy
 * repos pinned in policies.lock (local bare git repos, one by tag, one by branch with a path). The key's password
 * comes from standard input only (--signing-password-stdin; the variable signing.passwordEnv names is unset).
 */
class ProvenanceIT {
    private static final String KEY_PASSWORD = "pw-" + UUID.randomUUID();
    private static final String SECRET = "token-" + UUID.randomUUID();
    private static final String REMOTE_PASSWORD = "hunter2-" + UUID.randomUUID().toString().substring(0, 8);
    private static TestRegistry registry;
    private static Path work;
    private static TestProject project;
    private static TestProject securityPolicy;
    private static TestProject clusterPolicy;
    private static String securityCommit;
    private static String clusterCommit;
    private static Path publicKey;
    private static String repository;
    private static String imageId;
    private static String digest;
    private static CliResult push;
    private static JsonNode statement;

    @BeforeAll
    static void buildAndPushSigned() throws Exception {
        registry = TestRegistry.start("reg-" + UUID.randomUUID());
        work = TestDocker.tempDir("ppctl-provenance");
        KeyPair pair = TestKeys.ecP256();
        publicKey = TestKeys.write(work.resolve("cosign.pub"), TestKeys.publicPem(pair));
        registry.dockerConfig(work.resolve("docker"), registry.host());

        securityPolicy = TestProject.git().write("pod-security/require-labels.yaml", "name: require-labels\n")
                .commit("security policies");
        securityPolicy.git("tag", "v2.3.0");
        securityCommit = publish(securityPolicy, "security-policy.git");
        clusterPolicy = TestProject.git().write("pod-security/disallow-privileged.yaml", "name: disallow-privileged\n")
                .write("README.md", "not pinned: outside the path\n").commit("cluster policies");
        clusterCommit = publish(clusterPolicy, "cluster-policy.git");

        String path = TestDocker.prefix() + "/provenance";
        repository = registry.host() + "/" + path;
        project = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
                .write("Dockerfile", String.join("\n",
                        "FROM " + TestDocker.baseImage() + " AS tools",
                        "ARG HELM_VERSION",
                        "RUN echo \"helm $HELM_VERSION\" > /helm-version",
                        "FROM " + TestDocker.baseImage() + " AS final",
                        "ARG VERSION",
                        "ARG API_TOKEN",
                        "ARG KYVERNO_VERSION=1.15.2",
                        "COPY --from=tools /helm-version /helm-version",
                        "COPY policies/ /repos/",
                        "FROM final AS debug",
                        "RUN echo debug > /debug",
                        ""))
                .write("cosign.key", TestKeys.encryptedPem(pair, KEY_PASSWORD))
                .write("ppctl.yaml", String.join("\n",
                        "image: {name: " + TestDocker.prefix() + "-provenance, target: final, buildArgs: {HELM_VERSION: v3.19.0}}",
                        "registries:",
                        "  - {name: one, repository: " + repository + "}",
                        "policyRepos:",
                        "  - {name: security-policy, url: " + url("security-policy.git") + ", ref: v2.3.0}",
                        "  - {name: cluster-policy, url: " + url("cluster-policy.git") + ", ref: main, path: pod-security}",
                        "signing: {key: cosign.key, passwordEnv: PPCTL_IT_NO_SUCH_VARIABLE}",
                        ""));
        project.git("remote", "add", "origin", "https://ci:" + REMOTE_PASSWORD + "@git.example.com/acme/policy-platform.git");
        CliResult update = Cli.inProject(project.dir(), env(), "policies", "update");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        project.commit("release v1.0.0 with pinned policies");

        CliResult build = Cli.inProject(project.dir(), env(), "build", "--build-arg", "API_TOKEN");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        imageId = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", TestDocker.prefix() + "-provenance:v1.0.0").trim();
        Gates.passed(project.dir(), imageId);
        SupplyChainIT.writeSbom(project, imageId);
        push = Cli.runWithStdin(KEY_PASSWORD + "\n", env(), "-C", project.dir().toString(), "push",
                "--signing-password-stdin", "--output", "json");
        assertThat(push.exitCode()).as(push.toString()).isZero();
        // Checked by a second client (crane) as well as the Registry API and the storage: every tag, one digest.
        digest = RegistryContent.release(registry, path, List.of("v1.0.0", "sha-" + project.head().substring(0, 7), "latest")).digest();
        assertThat(registry.digest(path, "v1.0.0")).contains(digest);
        statement = provenanceStatement();
    }

    @AfterAll
    static void clean() {
        for (TestProject p : new TestProject[] {project, securityPolicy, clusterPolicy}) {
            if (p != null) {
                p.close();
            }
        }
        if (registry != null) {
            registry.close();
        }
        TestProject.deleteTree(work);
        TestDocker.cleanup();
    }

    /** Pushes the repo's HEAD (as main) and its tags to a bare repository under the test's folder; returns HEAD. */
    private static String publish(TestProject repo, String name) {
        Path bare = work.resolve(name);
        repo.git("init", "--bare", "-q", "-b", "main", bare.toString());
        repo.git("push", "-q", "--tags", bare.toString(), "HEAD:main");
        return repo.head();
    }

    private static String url(String name) {
        return "file://" + work.resolve(name).toAbsolutePath();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_ONE_USERNAME", TestRegistry.USER);
        env.put("PPCTL_ONE_PASSWORD", registry.password());
        env.put("DOCKER_CONFIG", work.resolve("docker").toString());
        env.put("API_TOKEN", SECRET);
        env.put("CI", "false");
        return env;
    }

    /** The provenance layer of the digest's .att manifest: its DSSE envelope checked with the key, its statement. */
    private static JsonNode provenanceStatement() throws Exception {
        RegistryClient c = new RegistryClient(new RegistryConfig("one", repository, true),
                Optional.of(Credentials.password(TestRegistry.USER, registry.password(), "test")),
                new Retry(PushConfig.DEFAULT, l -> { }));
        Manifest att = c.manifest(CosignLayout.attestationTag(digest)).orElseThrow();
        List<CosignLayout.Layer> layers = CosignLayout.layers(att).stream()
                .filter(l -> l.annotation(CosignLayout.PREDICATE_TYPE_ANNOTATION).equals("https://slsa.dev/provenance/v1")).toList();
        assertThat(layers).hasSize(1);
        Dsse.Envelope envelope = Dsse.parse(c.blob(layers.get(0).digest(), 1 << 24).orElseThrow()).orElseThrow();
        assertThat(envelope.payloadType()).isEqualTo("application/vnd.in-toto+json");
        assertThat(Dsse.verifies(envelope, VerificationKey.load(publicKey))).isTrue();
        return new ObjectMapper().readTree(envelope.payload());
    }

    private static List<JsonNode> dependencies(String name) {
        List<JsonNode> out = new ArrayList<>();
        statement.path("predicate").path("buildDefinition").path("resolvedDependencies").forEach(d -> {
            if (d.path("name").asText().equals(name)) {
                out.add(d);
            }
        });
        return out;
    }

    @Test
    void theStatementIsAboutThePushedDigest() {
        assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.path("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
        assertThat(statement.path("subject")).hasSize(1);
        assertThat(statement.path("subject").get(0).path("name").asText()).isEqualTo(repository);
        assertThat("sha256:" + statement.path("subject").get(0).path("digest").path("sha256").asText()).isEqualTo(digest);
    }

    @Test
    void theBuilderAndTheBuildTypeArePpctls() {
        JsonNode p = statement.path("predicate");
        assertThat(p.path("buildDefinition").path("buildType").asText()).isEqualTo("https://ppctl.dev/build/docker/v1");
        assertThat(p.path("runDetails").path("builder").path("id").asText()).isEqualTo("https://ppctl.dev/ppctl");
        assertThat(p.path("runDetails").path("builder").path("version").path("ppctl").asText())
                .isNotBlank().isEqualTo(PpctlVersion.get());
        assertThat(p.path("runDetails").path("metadata").path("invocationId").asText()).isEqualTo(imageId);
    }

    @Test
    void theExternalParametersAreTheDockerfileItsTargetTheBuildArgNamesAndTheLabels() throws Exception {
        JsonNode ext = statement.path("predicate").path("buildDefinition").path("externalParameters");
        assertThat(ext.path("dockerfile").asText()).isEqualTo("Dockerfile");
        assertThat(ext.path("dockerfileDigest").path("sha256").asText())
                .isEqualTo(Manifest.sha256(Files.readAllBytes(project.path("Dockerfile"))).substring(7));
        assertThat(ext.path("target").asText()).isEqualTo("final");
        List<String> args = new ArrayList<>();
        ext.path("buildArgs").forEach(a -> args.add(a.asText()));
        assertThat(args).contains("API_TOKEN", "HELM_VERSION", "VERSION").allMatch(a -> a.matches("[A-Z_]+"));
        // Names, never values: the secret build arg's value is nowhere in the statement.
        assertThat(statement.toString()).doesNotContain(SECRET);

        Map<String, String> imageLabels = new ObjectMapper().readValue(TestDocker.docker("image", "inspect", "--format",
                "{{json .Config.Labels}}", imageId), new TypeReference<>() {});
        Map<String, String> attested = new ObjectMapper().convertValue(ext.path("labels"), new TypeReference<>() {});
        assertThat(attested).containsAllEntriesOf(imageLabels.entrySet().stream()
                        // Podman's builder adds its own label (io.buildah.version): the engine's, not asked for by ppctl.
                        .filter(e -> !e.getKey().equals(TestDocker.RUN_LABEL) && !e.getKey().equals("io.buildah.version"))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .containsEntry("org.opencontainers.image.version", "v1.0.0")
                .containsEntry("org.opencontainers.image.revision", project.head())
                .containsEntry("io.ppctl.policy.security-policy.commit", securityCommit)
                .containsEntry("io.ppctl.policy.cluster-policy.commit", clusterCommit);
        assertThat(imageLabels).containsAllEntriesOf(attested);
    }

    @Test
    void theSourceIsTheCommitAndTheRemoteWithoutItsCredentials() {
        JsonNode p = statement.path("predicate").path("buildDefinition");
        String remote = "https://git.example.com/acme/policy-platform.git";
        assertThat(p.path("externalParameters").path("source").path("uri").asText()).isEqualTo(remote);
        assertThat(p.path("externalParameters").path("source").path("commit").asText()).isEqualTo(project.head());
        assertThat(p.path("internalParameters").path("dirty").asBoolean(true)).isFalse();
        assertThat(dependencies("source")).singleElement().satisfies(d -> {
            assertThat(d.path("uri").asText()).isEqualTo("git+" + remote);
            assertThat(d.path("digest").path("gitCommit").asText()).isEqualTo(project.head());
        });
        assertThat(statement.toString()).doesNotContain(REMOTE_PASSWORD);
    }

    @Test
    void theBaseImagesAreNamedWithTheirImageIds() {
        String baseId = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", TestDocker.baseImage()).trim();
        List<JsonNode> bases = dependencies("base-image");
        assertThat(bases).isNotEmpty().allSatisfy(b -> {
            assertThat(b.path("uri").asText()).isEqualTo("docker-image://" + TestDocker.baseImage());
            assertThat(b.path("digest").path("sha256").asText()).isEqualTo(baseId.substring(7));
        });
    }

    @Test
    void theToolPinsAreTheDockerfilesDefaultsAndTheConfiguredBuildArgs() {
        Map<String, String> pins = new HashMap<>();
        dependencies("tool-pin").forEach(d -> {
            pins.put(d.path("annotations").path("buildArg").asText(), d.path("annotations").path("version").asText());
            assertThat(d.path("uri").asText()).isEqualTo("ppctl:build-arg/" + d.path("annotations").path("buildArg").asText()
                    + "@" + d.path("annotations").path("version").asText());
        });
        assertThat(pins).isEqualTo(Map.of("KYVERNO_VERSION", "1.15.2", "HELM_VERSION", "v3.19.0"));
    }

    @Test
    void everyPolicyRepoOfTheLockIsNamedWithItsCommit() {
        PolicyLock lock = LockFile.read(LockFile.of(project.dir())).orElseThrow();
        assertThat(lock.names()).containsExactlyInAnyOrder("security-policy", "cluster-policy");
        assertThat(dependencies("policy-repo/security-policy")).hasSize(1);
        assertThat(dependencies("policy-repo/cluster-policy")).hasSize(1);
        JsonNode security = dependencies("policy-repo/security-policy").get(0);
        assertThat(security.path("uri").asText()).isEqualTo("git+" + url("security-policy.git"));
        assertThat(security.path("digest").path("gitCommit").asText()).isEqualTo(securityCommit);
        assertThat(security.path("annotations").path("ref").asText()).isEqualTo("v2.3.0");
        assertThat(security.path("annotations").path("filesDigest").asText())
                .isEqualTo(lock.get("security-policy").orElseThrow().digest()).isNotBlank();
        JsonNode cluster = dependencies("policy-repo/cluster-policy").get(0);
        assertThat(cluster.path("uri").asText()).isEqualTo("git+" + url("cluster-policy.git") + "#pod-security");
        assertThat(cluster.path("digest").path("gitCommit").asText()).isEqualTo(clusterCommit);
        assertThat(cluster.path("annotations").path("ref").asText()).isEqualTo("main");
        assertThat(cluster.path("annotations").path("filesDigest").asText())
                .isEqualTo(lock.get("cluster-policy").orElseThrow().digest());
    }

    @Test
    void thePasswordFromStandardInputSignedThePushAndIsNowhereInItsOutput() throws Exception {
        assertThat(push.stdout() + push.stderr()).doesNotContain(KEY_PASSWORD);
        JsonNode signed = new ObjectMapper().readTree(push.stdout()).path("signed").get(0);
        assertThat(signed.path("digest").asText()).isEqualTo(digest);
        TestDocker.Result cosign = SupplyChainIT.offline(work.resolve("docker"), work, "cosign", "verify-attestation",
                "--key", publicKey.toString(), "--insecure-ignore-tlog=true", "--type", "slsaprovenance1",
                repository + "@" + digest);
        assertThat(cosign.exitCode()).as(cosign.output()).isZero();
    }

    @Test
    void verifyPrintsEachPolicyReposCommit() throws Exception {
        Map<String, String> env = Map.of("DOCKER_CONFIG", work.resolve("docker").toString());
        CliResult text = Cli.run(env, "verify", repository + ":v1.0.0", "--key", publicKey.toString());
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).contains("  policy repo  security-policy " + securityCommit,
                "  policy repo  cluster-policy " + clusterCommit, "signature    valid");
        CliResult json = Cli.run(env, "verify", repository + "@" + digest, "--key", publicKey.toString(), "--output", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(json.stdout());
        Map<String, String> commits = new HashMap<>();
        v.path("policyRepos").forEach(r -> commits.put(r.path("name").asText(), r.path("commit").asText()));
        assertThat(commits).isEqualTo(Map.of("security-policy", securityCommit, "cluster-policy", clusterCommit));
        assertThat(v.path("tools").path("HELM_VERSION").asText()).isEqualTo("v3.19.0");
        assertThat(v.path("commit").asText()).isEqualTo(project.head());
    }
}
