package io.ppctl.registry;

import io.ppctl.config.RegistryConfig;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Row 10 of issue 15: the example's placeholder organisation is named with what to change. */
class PlaceholderRegistryTest {

    @Test
    void thePlaceholderOrganisationIsFlaggedWithWhatToChange() {
        assertThat(PlaceholderRegistry.problem(new RegistryConfig("ghcr", "ghcr.io/acme/policy-platform", false))).get().asString()
                .contains("ghcr.io/acme/policy-platform is under the placeholder organisation 'acme'",
                        "ghcr.io/YOUR-ORG/policy-platform", "ppctl release --no-push");
        assertThat(PlaceholderRegistry.problem(new RegistryConfig("ghcr", "ghcr.io/platform-team/policy-platform", false))).isEmpty();
        assertThat(PlaceholderRegistry.problem(new RegistryConfig("local", "127.0.0.1:5000/acmecorp/x", false))).isEmpty();
        assertThat(PlaceholderRegistry.problem(new RegistryConfig("mine", "localhost:5000/acme/x", false))).isEmpty();
        assertThat(PlaceholderRegistry.problem(new RegistryConfig("mine", "127.0.0.1:5000/acme/x", false))).isEmpty();
        assertThat(PlaceholderRegistry.problem(new RegistryConfig("hub", "docker.io/acme/x", false))).isPresent();
    }

    @Test
    void releaseRefusesToPublishToThePlaceholderButNoPushNeedsNoRegistry() {
        try (TestProject p = TestProject.git().write("VERSION", "v1.0.0\n").write("Dockerfile", "FROM scratch\n")
                .write(".gitignore", "target/\n")
                .write("ppctl.yaml", "registries:\n  - {name: ghcr, repository: ghcr.io/acme/policy-platform}\n").commit("init")) {
            CliResult push = Cli.run("-C", p.dir().toString(), "release", "--dry-run");
            assertThat(push.exitCode()).as(push.toString()).isEqualTo(2);
            assertThat(push.stderr()).contains("placeholder organisation 'acme'", "ppctl release --no-push");

            // Without a push the placeholder stops nothing (what follows needs a daemon, which a unit test may lack).
            CliResult noPush = Cli.run("-C", p.dir().toString(), "release", "--dry-run", "--no-push");
            assertThat(noPush.exitCode()).as(noPush.toString()).isIn(0, 3);
            assertThat(noPush.stderr()).doesNotContain("placeholder");
        }
    }

    @Test
    void doctorWarnsAboutThePlaceholderWithWhatToChangeWithoutAskingTheRegistry() throws Exception {
        try (TestProject p = TestProject.git().write("VERSION", "v1.0.0\n").write("Dockerfile", "FROM scratch\n")
                .write("ppctl.yaml", "registries:\n  - {name: ghcr, repository: ghcr.io/acme/policy-platform}\n").commit("init")) {
            // No daemon: doctor's docker check fails (exit 3) at once; the registry line is what this test reads.
            CliResult r = Cli.run(java.util.Map.of("DOCKER_HOST", "unix://" + p.dir().resolve("no-docker.sock")),
                    "--output", "json", "-C", p.dir().toString(), "doctor");
            com.fasterxml.jackson.databind.JsonNode registry = null;
            for (com.fasterxml.jackson.databind.JsonNode c : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout()).get("checks")) {
                if (c.get("name").asText().equals("registry ghcr")) {
                    registry = c;
                }
            }
            assertThat(registry).as(r.toString()).isNotNull();
            assertThat(registry.get("status").asText()).isEqualTo("warn");
            assertThat(registry.get("detail").asText()).contains("ghcr.io/acme/policy-platform is under the placeholder organisation 'acme'",
                    "ghcr.io/YOUR-ORG/policy-platform", "ppctl release --no-push");
            assertThat(registry.get("exitCode").asInt()).isZero();
        }
    }
}
