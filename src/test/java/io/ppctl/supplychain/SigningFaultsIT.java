package io.ppctl.supplychain;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.FaultProxy;
import io.ppctl.testing.Gates;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestKeys;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad signing input and a registry that refuses the .sig tag, against the real daemon and registry. */
class SigningFaultsIT {
    private static TestRegistry registry;
    private static FaultProxy proxy;
    private static Path work;
    private static KeyPair pair;
    private TestProject project;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.start("reg-" + UUID.randomUUID());
        proxy = FaultProxy.start(registry.host());
        work = TestDocker.tempDir("ppctl-signing-faults");
        pair = TestKeys.ecP256();
        registry.dockerConfig(work.resolve("docker"), proxy.host());
        TestKeys.write(work.resolve("cosign.pub"), TestKeys.publicPem(pair));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        registry.close();
        TestProject.deleteTree(work);
        TestDocker.cleanup();
    }

    @AfterEach
    void remove() {
        proxy.reset();
        if (project != null) {
            project.close();
        }
    }

    private TestProject project(String name, String keyPem) {
        project = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
                .write("payload", UUID.randomUUID().toString())
                .write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nCOPY payload /payload\n")
                .write("cosign.key", keyPem)
                .write("ppctl.yaml", String.join("\n",
                        "image: {name: " + TestDocker.prefix() + "-" + name + "}",
                        "registries:",
                        "  - {name: one, repository: " + proxy.host() + "/" + TestDocker.prefix() + "/" + name + "}",
                        "push: {attempts: 2, initialBackoff: 100ms, maxBackoff: 200ms}",
                        "signing: {key: cosign.key, passwordEnv: PPCTL_IT_PW}",
                        ""))
                .commit("v1.0.0");
        return project;
    }

    private static Map<String, String> env(String password) {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_ONE_USERNAME", TestRegistry.USER);
        env.put("PPCTL_ONE_PASSWORD", registry.password());
        env.put("DOCKER_CONFIG", work.resolve("docker").toString());
        if (password != null) {
            env.put("PPCTL_IT_PW", password);
        }
        return env;
    }

    @Test
    void aWrongKeyPasswordIsExitTwoBeforeAnythingIsBuilt() {
        project("wrongpw", TestKeys.encryptedPem(pair, "right"));
        CliResult r = Cli.inProject(project.dir(), env("wrong"), "release");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("wrong password (from $PPCTL_IT_PW)").doesNotContain("==> build", "Exception", "right");
        assertThat(TestDocker.imageExists(TestDocker.prefix() + "-wrongpw:v1.0.0")).isFalse();
        CliResult stdin = Cli.inProject(project.dir(), env(null), "push", "--signing-password-stdin");
        assertThat(stdin.exitCode()).as(stdin.toString()).isEqualTo(2);
    }

    @Test
    void aWrongPasswordOnStandardInputIsExitTwoBeforeAnythingIsBuilt() {
        String right = "right-" + UUID.randomUUID();
        project("wrongstdin", TestKeys.encryptedPem(pair, right));
        String wrong = "wrong-" + UUID.randomUUID();
        // The right password in the variable must not rescue it: --signing-password-stdin is the one asked for.
        CliResult r = Cli.runWithStdin(wrong + "\n", env(right), "-C", project.dir().toString(), "release",
                "--signing-password-stdin");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr().strip().lines().toList()).singleElement().asString()
                .contains("wrong password (from standard input (--signing-password-stdin))");
        assertThat(r.stdout() + r.stderr()).doesNotContain("==> build", "Exception", wrong, right);
        assertThat(TestDocker.imageExists(TestDocker.prefix() + "-wrongstdin:v1.0.0")).isFalse();

        // push (of a built image that passed its gates) stops before uploading anything.
        assertThat(Cli.inProject(project.dir(), env(null), "build").exitCode()).isZero();
        Gates.passed(project.dir(), TestDocker.prefix() + "-wrongstdin:v1.0.0");
        CliResult push = Cli.runWithStdin(wrong + "\n", env(null), "-C", project.dir().toString(), "push",
                "--signing-password-stdin");
        assertThat(push.exitCode()).as(push.toString()).isEqualTo(2);
        assertThat(push.stderr()).contains("wrong password (from standard input (--signing-password-stdin))")
                .doesNotContain(wrong);
        assertThat(registry.tagsJson(TestDocker.prefix() + "/wrongstdin")).isEmpty();
    }

    @Test
    void aKeyOfAnUnsupportedTypeIsExitTwoNamingTheSupportedOnes() {
        project("rsa", TestKeys.pem("PRIVATE KEY", TestKeys.rsa().getPrivate().getEncoded()));
        CliResult r = Cli.inProject(project.dir(), env("x"), "release");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("is a RSA key; supported: EC P-256 private keys in PKCS#8 PEM")
                .doesNotContain("==> build");
    }

    @Test
    void aRegistryRefusingTheSigTagIsExitThreeLeavesTheVersionUnpublishedAndVerifySaysUnsigned() throws Exception {
        project("refuse", TestKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        CliResult build = Cli.inProject(project.dir(), env(null), "build");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        Gates.passed(project.dir(), TestDocker.prefix() + "-refuse:v1.0.0");
        proxy.fail(FaultProxy.From.PPCTL, "PUT", ".*/manifests/sha256-[0-9a-f]{64}\\.sig", 403, null, 100);
        CliResult push = Cli.inProject(project.dir(), env(null), "push");
        assertThat(push.exitCode()).as(push.toString()).isEqualTo(3);
        String path = TestDocker.prefix() + "/refuse";
        String sha = "sha-" + project.head().substring(0, 7);
        String digest = registry.digest(path, sha).orElseThrow();
        assertThat(push.stderr()).contains("holds " + proxy.host() + "/" + path + "@" + digest + " (as " + sha
                + ") but not its signature and attestations", "no version tag was published", "run ppctl push again");
        assertThat(registry.digest(path, "v1.0.0")).isEmpty();
        assertThat(registry.digest(path, "latest")).isEmpty();

        CliResult verify = Cli.run(env(null), "verify", proxy.host() + "/" + path + "@" + digest, "--key",
                work.resolve("cosign.pub").toString());
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.stderr()).contains("unsigned: no signature at " + digest.replace(':', '-') + ".sig");

        // Once the registry accepts it, push completes: signs, then tags.
        proxy.reset();
        CliResult again = Cli.inProject(project.dir(), env(null), "push");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(registry.digest(path, "v1.0.0")).contains(digest);
        // crane, a second client: the completed push's tags all name the image first held under the sha tag.
        RegistryContent.Release seen = RegistryContent.release(registry, path, List.of("v1.0.0", sha, "latest"));
        assertThat(seen.digest()).isEqualTo(digest);
        assertThat(seen.labels()).containsEntry("org.opencontainers.image.revision", project.head());
        CliResult ok = Cli.run(env(null), "verify", proxy.host() + "/" + path + ":latest", "--key",
                work.resolve("cosign.pub").toString());
        // No SBOM was written (scan did not run), so verify names exactly that and nothing else.
        assertThat(ok.exitCode()).as(ok.toString()).isEqualTo(1);
        assertThat(ok.stderr()).contains("missing attestation https://cyclonedx.org/bom (SBOM)")
                .doesNotContain("unsigned", "signature invalid");
    }
}
