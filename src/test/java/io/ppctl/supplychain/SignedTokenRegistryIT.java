package io.ppctl.supplychain;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.Gates;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestKeys;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import io.ppctl.testing.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed push to the real distribution v3.1.1 registry with token auth (every blob upload and manifest PUT of the
 * attachments needs a pull,push token), then cosign and ppctl verify with a pull-only account.
 */
class SignedTokenRegistryIT {
    private static final String WRITER = "writer";
    private static final String READER = "reader";
    private static final String WRITER_PW = "w-" + UUID.randomUUID();
    private static final String READER_PW = "r-" + UUID.randomUUID();
    private static TokenServer tokens;
    private static TestRegistry registry;
    private static Path work;

    @BeforeAll
    static void start() {
        tokens = TokenServer.start().user(WRITER, WRITER_PW).user(READER, READER_PW)
                .grant(WRITER, Pattern.quote(TestDocker.prefix()) + "/.*", "pull", "push")
                .grant(READER, ".*", "pull");
        registry = TestRegistry.startWithTokens(tokens);
        work = TestDocker.tempDir("ppctl-signed-token");
    }

    @AfterAll
    static void stop() {
        registry.close();
        tokens.close();
        TestProject.deleteTree(work);
        TestDocker.cleanup();
    }

    private static Path dockerConfig(String name, String user, String password) throws Exception {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        return dir;
    }

    @Test
    void signsThroughScopedTokensAndAPullOnlyAccountVerifies() throws Exception {
        KeyPair pair = TestKeys.ecP256();
        Path pub = TestKeys.write(work.resolve("cosign.pub"), TestKeys.publicPem(pair));
        String repo = registry.host() + "/" + TestDocker.prefix() + "/signed";
        try (TestProject project = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
                .write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nRUN echo " + UUID.randomUUID() + " > /id\n")
                .write("cosign.key", TestKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
                .write("ppctl.yaml", "image: {name: " + TestDocker.prefix() + "-signed}\nregistries:\n  - {name: v3, repository: "
                        + repo + "}\nsigning: {key: cosign.key}\n")
                .commit("v1.0.0")) {
            Map<String, String> env = Map.of("PPCTL_V3_USERNAME", WRITER, "PPCTL_V3_PASSWORD", WRITER_PW,
                    "DOCKER_CONFIG", dockerConfig("writer", WRITER, WRITER_PW).toString());
            assertThat(Cli.inProject(project.dir(), env, "build").exitCode()).isZero();
            Gates.passed(project.dir(), TestDocker.prefix() + "-signed:v1.0.0");
            CliResult push = Cli.inProject(project.dir(), env, "push");
            assertThat(push.exitCode()).as(push.toString()).isZero();
            // crane, a second client with the pull-only account: every tag, one digest, the labels of the commit.
            RegistryContent.Release seen = RegistryContent.release(registry, TestDocker.prefix() + "/signed",
                    List.of("v1.0.0", "sha-" + project.head().substring(0, 7), "latest"), READER, READER_PW);
            assertThat(push.stdout()).contains(repo + ":v1.0.0@" + seen.digest());
            assertThat(seen.labels()).containsEntry("org.opencontainers.image.version", "v1.0.0")
                    .containsEntry("org.opencontainers.image.revision", project.head());

            Path reader = dockerConfig("reader", READER, READER_PW);
            CliResult verify = Cli.run(Map.of("DOCKER_CONFIG", reader.toString()), "verify", repo + ":v1.0.0", "--key", pub.toString());
            // No scan ran, so no SBOM: verify names exactly that; the signature and the other attestations are valid.
            assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
            assertThat(verify.stdout()).contains("signature    valid", "attestation  https://slsa.dev/provenance/v1  valid");
            assertThat(verify.stderr()).contains("missing attestation https://cyclonedx.org/bom (SBOM)").doesNotContain("unsigned");

            String digest = verify.stdout().lines().findFirst().orElseThrow().replaceAll(".*@", "");
            TestDocker.Result cosign = SupplyChainIT.offline(reader, work, "cosign", "verify", "--key", pub.toString(),
                    "--insecure-ignore-tlog=true", repo + "@" + digest);
            assertThat(cosign.exitCode()).as(cosign.output()).isZero();
        }
    }
}
