package io.ppctl.config;

import io.ppctl.core.ByteSize;
import io.ppctl.core.Durations;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static ConfigException problems(String yaml) {
        try {
            ConfigLoader.parse("ppctl.yaml", yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected configuration problems for:\n" + yaml);
    }

    @Test
    void anEmptyFileMeansEveryDefault() {
        PpctlConfig c = ConfigLoader.parse("ppctl.yaml", "");
        assertThat(c).isEqualTo(PpctlConfig.defaults());
        assertThat(c.tags()).containsExactly("{{version}}", "sha-{{sha}}", "latest");
        assertThat(c.image().name()).isEqualTo("policy-platform");
        assertThat(c.scan().failOn()).isEqualTo("CRITICAL");
    }

    @Test
    void aMissingOptionalFileMeansDefaultsButAnExplicitOneMustExist(@TempDir Path dir) {
        assertThat(ConfigLoader.load(dir.resolve("ppctl.yaml"), false)).isEqualTo(PpctlConfig.defaults());
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("other.yaml"), true))
                .hasMessageContaining("other.yaml: config file not found");
    }

    @Test
    void readsEverySection() {
        PpctlConfig c = ConfigLoader.parse("ppctl.yaml", """
                image:
                  name: policy-platform
                  dockerfile: build/Dockerfile
                  context: .
                  target: final
                  buildArgs: {BASE_IMAGE: alpine:3.22.1, N: 3}
                  sizeBudget: 300MB
                version: {file: VERSION}
                tags: ["{{version}}", "sha-{{sha}}", "{{major}}.{{minor}}", latest]
                registries:
                  - name: ghcr
                    repository: ghcr.io/acme/policy-platform
                  - name: local
                    repository: 127.0.0.1:5000/acme/policy-platform
                smokeTests:
                  commands:
                    - name: kyverno installed
                      command: [kyverno, version]
                      expectedOutput: ["Version: v1\\\\.15\\\\.\\\\d+"]
                      timeout: 10s
                  files:
                    - path: /repos/security-policy
                      type: directory
                  metadata:
                    labels: {org.opencontainers.image.version: "v.*"}
                    user: "1000"
                integrationTests:
                  - name: backend app meets security policy
                    chart: /repos/backend-applications/charts/app
                    values: [/repos/backend-applications/charts/app/values.yaml]
                    policies: /repos/security-policy/
                    expect: fail
                    expectViolations: [disallow-privileged/privileged-containers]
                    deprecations: {kubernetes: v1.30.0}
                scan: {failOn: high, ignoreUnfixed: true}
                policyRepos:
                  - {name: security-policy, url: "file:///srv/git/sec.git", ref: v2.3.0}
                push: {attempts: 5, initialBackoff: 500ms}
                """);
        assertThat(c.image().buildArgs()).containsEntry("N", "3");
        assertThat(c.image().sizeBudget()).isEqualTo(300_000_000L);
        assertThat(c.registries()).extracting(RegistryConfig::insecure).containsExactly(false, true);
        assertThat(c.registries().get(0).host()).isEqualTo("ghcr.io");
        assertThat(c.registries().get(0).envPrefix()).isEqualTo("PPCTL_GHCR_");
        assertThat(c.smokeTests().declared()).isTrue();
        assertThat(c.smokeTests().commands().get(0).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.smokeTests().commands().get(0).expectedOutput().get(0).matcher("Version: v1.15.2").find()).isTrue();
        assertThat(c.smokeTests().files().get(0).shouldExist()).isTrue();
        assertThat(c.integrationTests().get(0).deprecationsKubernetes()).isEqualTo("v1.30.0");
        assertThat(c.integrationTests().get(0).values()).hasSize(1);
        assertThat(c.scan().failOn()).isEqualTo("HIGH");
        assertThat(c.scan().ignoreUnfixed()).isTrue();
        assertThat(c.policyRepos().get(0).path()).isEmpty();
        assertThat(c.push().attempts()).isEqualTo(5);
        assertThat(c.push().initialBackoff()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void invalidYamlNamesLineAndColumn() {
        assertThatThrownBy(() -> ConfigLoader.parse("ppctl.yaml", "image:\n  name: [unclosed\nversion: 1\n"))
                .isInstanceOf(PpctlException.class)
                .hasMessageStartingWith("ppctl.yaml:")
                .hasMessageContaining("invalid YAML")
                .hasMessageMatching("(?s)ppctl\\.yaml:\\d+:\\d+: invalid YAML.*")
                .extracting(e -> ((PpctlException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aWrongTypeNamesTheKeyPathAndLine() {
        ConfigException e = problems("image:\n  name: x\ntags: latest\n");
        assertThat(e.getMessage()).isEqualTo("ppctl.yaml:3:7: tags: expected a list, found the string 'latest'");
    }

    @Test
    void anUnknownKeySuggestsTheClosestOne() {
        ConfigException e = problems("image:\n  dockerfil: Dockerfile\n");
        assertThat(e.getMessage()).contains("ppctl.yaml:2:3: image.dockerfil: unknown key (did you mean 'dockerfile'?)");
    }

    @Test
    void platformsAreParsedAndEachBadOneNamedAtItsLine() {
        PpctlConfig c = ConfigLoader.parse("ppctl.yaml", "image:\n  platforms: [linux/amd64, linux/aarch64]\n");
        assertThat(c.image().platforms()).extracting(Object::toString).containsExactly("linux/amd64", "linux/arm64");
        assertThat(ConfigLoader.parse("ppctl.yaml", "image: {}\n").image().platforms()).isEmpty();
        ConfigException e = problems("image:\n  platforms:\n    - linux/amd64\n    - amd64\n    - linux/x86_64\n");
        assertThat(e.getMessage()).contains("ppctl.yaml:4:7: image.platforms[1]: 'amd64' is not a platform",
                "ppctl.yaml:5:7: image.platforms[2]: linux/amd64 is listed twice");
    }

    @Test
    void anUnknownTopLevelKeyIsAnError() {
        assertThat(problems("registry: []\n").getMessage()).contains("registry: unknown key (did you mean 'registries'?)");
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() {
        ConfigException e = problems("""
                image:
                  sizeBudget: lots
                registries:
                  - name: ghcr
                    repository: ghcr.io/Acme/x
                  - name: GHCR!
                scan:
                  failOn: severe
                tags: ["{{verison}}"]
                """);
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
                "image.sizeBudget", "registries[0].repository", "registries[1]", "registries[1].name", "scan.failOn", "tags");
        assertThat(e.getMessage()).startsWith("6 configuration problems:");
        assertThat(e.problems().get(1).format()).startsWith("ppctl.yaml:5:17: registries[0].repository:");
    }

    @Test
    void namesMustBeUnique() {
        ConfigException e = problems("registries:\n  - {name: a, repository: x/y}\n  - {name: a, repository: x/z}\n");
        assertThat(e.getMessage()).contains("registries: the name 'a' is used twice");
    }

    @Test
    void checksRegexesDurationsAndChoices() {
        ConfigException e = problems("""
                smokeTests:
                  commands:
                    - name: x
                      command: [x]
                      expectedOutput: ["(unclosed"]
                      timeout: 30
                  files:
                    - path: relative/path
                      type: folder
                integrationTests:
                  - name: y
                    chart: /c
                    policies: /p
                    expect: maybe
                    deprecations: {kubernetes: "1.30"}
                """);
        assertThat(e.problems()).extracting(ConfigProblem::path).contains(
                "smokeTests.commands[0].expectedOutput[0]", "smokeTests.commands[0].timeout",
                "smokeTests.files[0].path", "smokeTests.files[0].type",
                "integrationTests[0].expect", "integrationTests[0].deprecations.kubernetes");
    }

    @Test
    void refusesDuplicateKeysAndSeveralDocuments() {
        assertThat(problems("image: {name: a, name: b}\n").getMessage()).contains("duplicate key");
        assertThatThrownBy(() -> ConfigLoader.parse("ppctl.yaml", "a: 1\n---\nb: 2\n")).hasMessageContaining("2 YAML documents");
    }

    @Test
    void refusesANonMappingDocument() {
        assertThat(problems("- a\n- b\n").getMessage()).contains("the top level must be a mapping");
    }

    @Test
    void refusesUnsafeYamlTags() {
        assertThatThrownBy(() -> ConfigLoader.parse("ppctl.yaml", "image: !!javax.script.ScriptEngineManager [x]\n"))
                .isInstanceOf(PpctlException.class);
    }

    @Test
    void anUnreadableFileIsAUsageError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ppctl.yaml");
        Files.createDirectory(f);
        assertThatThrownBy(() -> ConfigLoader.load(f, false)).hasMessageContaining("is a directory");
    }

    @Test
    void parsesSizesAndDurations() {
        assertThat(ByteSize.parse("300MB")).isEqualTo(300_000_000L);
        assertThat(ByteSize.parse("1.5GB")).isEqualTo(1_500_000_000L);
        assertThat(ByteSize.parse("250MiB")).isEqualTo(250L << 20);
        assertThat(ByteSize.format(142_100_000L)).isEqualTo("142.1 MB");
        assertThat(ByteSize.format(-3_200_000L)).isEqualTo("-3.2 MB");
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.compact(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThatThrownBy(() -> ByteSize.parse("300")).hasMessageContaining("no unit");
        assertThatThrownBy(() -> Durations.parse("30 secs")).hasMessageContaining("not a duration");
    }

    @Test
    void numbersBeyondTheirRangeAreProblemsWithTheirKeyPath() {
        ConfigException e = problems("""
                image: {sizeBudget: 99999999999999999999GB}
                scan: {timeout: 9999999999999h}
                push: {attempts: 99999999999999999999, initialBackoff: 1000000000h, maxBackoff: 2h}
                smokeTests:
                  commands:
                    - {name: a, command: [x], timeout: 25h}
                """);
        assertThat(e.problems()).extracting(ConfigProblem::format).containsExactly(
                "ppctl.yaml:1:21: image.sizeBudget: must be at most 1.0 TB, found '99999999999999999999GB'",
                "ppctl.yaml:2:17: scan.timeout: must be at most 24h, found '9999999999999h'",
                "ppctl.yaml:3:18: push.attempts: must be between 1 and 20, found the number '99999999999999999999'",
                "ppctl.yaml:3:56: push.initialBackoff: must be at most 10m, found '1000000000h'",
                "ppctl.yaml:3:81: push.maxBackoff: must be at most 10m, found '2h'",
                "ppctl.yaml:6:40: smokeTests.commands[0].timeout: must be at most 24h, found '25h'");
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void sizesAndDurationsNeverOverflowSilently() {
        assertThatThrownBy(() -> ByteSize.parse("99999999999999999999GB")).hasMessageContaining("must be at most");
        assertThatThrownBy(() -> Durations.parse("9223372036854775808ms")).hasMessageContaining("must be at most 8760h");
        assertThatThrownBy(() -> Durations.parse("9999999999999h")).hasMessageContaining("must be at most 8760h");
        assertThat(Durations.parse("8760h")).isEqualTo(Duration.ofDays(365));
        assertThat(ByteSize.parse("1TB")).isEqualTo(1_000_000_000_000L);
    }
}
