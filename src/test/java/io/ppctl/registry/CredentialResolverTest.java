package io.ppctl.registry;

import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where credentials come from, in order, with real docker config files and real helper executables. */
class CredentialResolverTest {
    private static final RegistryConfig GHCR = new RegistryConfig("ghcr", "ghcr.io/acme/policy-platform", false);
    private static final RegistryConfig LOCAL = new RegistryConfig("local", "127.0.0.1:5000/acme/policy-platform", true);
    private static final RegistryConfig HUB = new RegistryConfig("hub", "acme/policy-platform", false);

    private final TestProject home = TestProject.create();
    private final Map<String, String> env = new HashMap<>(Map.of("HOME", home.dir().toString(),
            "PATH", home.path("bin") + ":/usr/bin:/bin"));

    @AfterEach
    void remove() {
        home.close();
    }

    private Optional<Credentials> resolve(RegistryConfig r) {
        return new CredentialResolver(env, Map.of()).resolve(r);
    }

    private void dockerConfig(String json) {
        home.write(".docker/config.json", json);
    }

    /** A docker-credential-NAME that records what it was asked and answers for 127.0.0.1:5000 only. */
    private void helper(String name) throws IOException {
        Path exe = home.path("bin/docker-credential-" + name);
        home.write("bin/docker-credential-" + name, String.join("\n",
                "#!/bin/sh",
                "echo \"$# $*\" > \"" + home.path("bin/" + name + ".args") + "\"",
                "read -r url",
                "echo \"$url\" > \"" + home.path("bin/" + name + ".url") + "\"",
                "case \"$url\" in",
                "  127.0.0.1:5000) printf '{\"ServerURL\":\"%s\",\"Username\":\"helper-user\",\"Secret\":\"helper-secret\"}' \"$url\" ;;",
                "  https://index.docker.io/v1/) printf '{\"ServerURL\":\"%s\",\"Username\":\"<token>\",\"Secret\":\"refresh-token\"}' \"$url\" ;;",
                // docker-credential-pass 0.6.4's answer for a server it has nothing for: exit 0, empty fields.
                "  quay.io) printf '{\"ServerURL\":\"%s\",\"Username\":\"\",\"Secret\":\"\"}' \"$url\" ;;",
                "  *) echo 'credentials not found in native keychain'; exit 1 ;;",
                "esac", ""));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theEnvironmentComesFirstAfterTheCommandLine() {
        env.put("PPCTL_GHCR_USERNAME", "ci-bot");
        env.put("PPCTL_GHCR_PASSWORD", "env-secret");
        dockerConfig("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("docker-user:docker-secret") + "\"}}}");
        Credentials c = resolve(GHCR).orElseThrow();
        assertThat(c.username()).isEqualTo("ci-bot");
        assertThat(c.secret()).isEqualTo("env-secret");
        assertThat(c.source()).isEqualTo("PPCTL_GHCR_PASSWORD");

        Credentials given = Credentials.password("me", "typed", "--password-stdin");
        assertThat(new CredentialResolver(env, Map.of("ghcr", given)).resolve(GHCR)).contains(given);
    }

    @Test
    void halfOfTheEnvironmentPairIsAUsageError() {
        env.put("PPCTL_GHCR_PASSWORD", "env-secret");
        assertThatThrownBy(() -> resolve(GHCR)).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(2);
            assertThat(e.getMessage()).contains("PPCTL_GHCR_PASSWORD is set but PPCTL_GHCR_USERNAME is not").doesNotContain("env-secret");
        });
    }

    @Test
    void readsBase64AuthAndPlainUsernamePasswordFromAuths() {
        dockerConfig("{\"auths\":{\"https://ghcr.io\":{\"auth\":\"" + b64("docker-user:pa:ss") + "\"},"
                + "\"127.0.0.1:5000\":{\"username\":\"u2\",\"password\":\"p2\"}}}");
        Credentials ghcr = resolve(GHCR).orElseThrow();
        assertThat(ghcr.username()).isEqualTo("docker-user");
        assertThat(ghcr.secret()).isEqualTo("pa:ss");
        assertThat(ghcr.source()).isEqualTo("docker config " + home.path(".docker/config.json"));
        assertThat(resolve(LOCAL).orElseThrow().secret()).isEqualTo("p2");
    }

    @Test
    void readsAnIdentityTokenAndDockerHubsOldKey() {
        dockerConfig("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubuser:x") + "\",\"identitytoken\":\"idtok\"}}}");
        Credentials c = resolve(HUB).orElseThrow();
        assertThat(c.identityToken()).isTrue();
        assertThat(c.secret()).isEqualTo("idtok");
    }

    @Test
    void honoursDockerConfigFromTheEnvironment() {
        home.write("elsewhere/config.json", "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("a:b") + "\"}}}");
        env.put("DOCKER_CONFIG", home.path("elsewhere").toString());
        assertThat(resolve(GHCR).orElseThrow().username()).isEqualTo("a");
    }

    @Test
    void asksTheCredentialHelperOfTheHostOverStdinWithOnlyGetAsArgument() throws Exception {
        helper("ppctltest");
        dockerConfig("{\"auths\":{\"127.0.0.1:5000\":{}},\"credHelpers\":{\"127.0.0.1:5000\":\"ppctltest\"}}");
        Credentials c = resolve(LOCAL).orElseThrow();
        assertThat(c.username()).isEqualTo("helper-user");
        assertThat(c.secret()).isEqualTo("helper-secret");
        assertThat(c.source()).isEqualTo("credential helper ppctltest");
        assertThat(home.read("bin/ppctltest.url").trim()).isEqualTo("127.0.0.1:5000");
        assertThat(home.read("bin/ppctltest.args").trim()).isEqualTo("1 get");
    }

    @Test
    void credsStoreServesEveryHostWithoutItsOwnHelperAndAnsweringTokenMeansAnIdentityToken() throws Exception {
        helper("store");
        dockerConfig("{\"credsStore\":\"store\"}");
        Credentials hub = resolve(HUB).orElseThrow();
        assertThat(hub.identityToken()).isTrue();
        assertThat(hub.secret()).isEqualTo("refresh-token");
        assertThat(home.read("bin/store.url").trim()).isEqualTo("https://index.docker.io/v1/");
    }

    @Test
    void aHelperWithoutCredentialsFallsBackToAuthsAndThenToNone() throws Exception {
        helper("store");
        dockerConfig("{\"credsStore\":\"store\",\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("fallback:pw") + "\"}}}");
        assertThat(resolve(GHCR).orElseThrow().username()).isEqualTo("fallback");
        dockerConfig("{\"credsStore\":\"store\"}");
        assertThat(resolve(GHCR)).isEmpty();
    }

    @Test
    void anEmptySecretWithExitZeroMeansNoneAsDockerCredentialPassAnswersIt() throws Exception {
        helper("pass");
        dockerConfig("{\"credsStore\":\"pass\",\"auths\":{\"quay.io\":{\"auth\":\"" + b64("fallback:pw") + "\"}}}");
        assertThat(resolve(new RegistryConfig("quay", "quay.io/acme/x", false)).orElseThrow().username()).isEqualTo("fallback");
    }

    @Test
    void aHelperMissingFromPathIsExitThreeNamingIt() {
        dockerConfig("{\"credHelpers\":{\"ghcr.io\":\"nothere\"}}");
        assertThatThrownBy(() -> resolve(GHCR)).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).contains("docker-credential-nothere is not on PATH");
        });
    }

    @Test
    void aHelperThatHangsIsStoppedInBoundedTime() throws Exception {
        Path exe = home.path("bin/docker-credential-slow");
        home.write("bin/docker-credential-slow", "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        dockerConfig("{\"credHelpers\":{\"ghcr.io\":\"slow\"}}");
        long start = System.nanoTime();
        assertThatThrownBy(() -> new CredentialResolver(env, Map.of(), Duration.ofMillis(500)).resolve(GHCR))
                .hasMessageContaining("did not answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aBrokenConfigFileIsAUsageErrorThatQuotesNothingOfIt() {
        dockerConfig("{\"auths\":{\"ghcr.io\":{\"auth\":\"c2VjcmV0LXZhbHVl\" oops");
        assertThatThrownBy(() -> resolve(GHCR)).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(2);
            assertThat(e.getMessage()).contains("config.json: not valid JSON at line 1").doesNotContain("c2VjcmV0");
        });
    }

    @Test
    void noConfigAndNoEnvironmentMeansNoCredentials() {
        assertThat(resolve(GHCR)).isEmpty();
    }

    @Test
    void printingCredentialsNeverShowsTheSecret() {
        Credentials c = Credentials.password("ci-bot", "s3cr3t-value", "PPCTL_GHCR_PASSWORD");
        assertThat(c.toString()).contains("ci-bot", "PPCTL_GHCR_PASSWORD").doesNotContain("s3cr3t-value");
        assertThat(c.describe()).isEqualTo("user ci-bot from PPCTL_GHCR_PASSWORD");
        assertThat(Credentials.identityToken("tok-value", "x").toString()).doesNotContain("tok-value");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
