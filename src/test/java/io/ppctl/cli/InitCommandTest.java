package io.ppctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ppctl init as users run it, in-process through Ppctl.run; nothing here needs Docker. */
class InitCommandTest {
    private TestProject project;

    @BeforeEach
    void create() {
        project = TestProject.git().write("VERSION", "v0.1.0\n")
                .write("Dockerfile", "FROM alpine:3.22.1\nARG PLUTO_VERSION=5.22.5\nCOPY policies/ /repos/\n")
                .write("policies/security-policy/p.yaml", "kind: ClusterPolicy\n");
        project.git("remote", "add", "origin", "git@github.com:acme/policy-platform.git");
    }

    @AfterEach
    void remove() {
        project.close();
    }

    @Test
    void initWritesAConfigThatTheNextCommandReads() {
        CliResult r = Cli.inProject(project.dir(), "init");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("wrote ppctl.yaml: image policy-platform from Dockerfile")
                .contains("version checks: PLUTO_VERSION").contains("/repos/ checks: security-policy")
                .contains("registry:       ghcr.io/acme/policy-platform (from origin github.com/acme/policy-platform)")
                .contains(".gitignore:     target/ (file created)");
        assertThat(project.read("ppctl.yaml")).contains("repository: ghcr.io/acme/policy-platform");
        assertThat(project.read(".gitignore")).isEqualTo("target/\n");

        // The next command loads the written config: an invalid one would be exit 2.
        CliResult bump = Cli.inProject(project.dir(), "bump", "patch", "--dry-run");
        assertThat(bump.exitCode()).as(bump.toString()).isZero();
        assertThat(bump.stdout()).contains("v0.1.1");
    }

    @Test
    void aSecondInitIsRefusedWithExit1AndOneLineAndChangesNothing() {
        assertThat(Cli.inProject(project.dir(), "init").exitCode()).isZero();
        project.write("ppctl.yaml", project.read("ppctl.yaml") + "# my edit\n");
        List<String> before = project.snapshot();

        CliResult again = Cli.inProject(project.dir(), "init");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.stdout()).isEmpty();
        assertThat(again.stderrLines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("ppctl: ").contains("ppctl.yaml exists already").contains("--force"));
        assertThat(project.snapshot()).isEqualTo(before);

        CliResult forced = Cli.inProject(project.dir(), "init", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.stdout()).startsWith("replaced ppctl.yaml");
        assertThat(project.read("ppctl.yaml")).doesNotContain("# my edit");
    }

    @Test
    void dryRunPrintsTheFileAndWritesNothing() {
        List<String> before = project.snapshot();
        CliResult r = Cli.inProject(project.dir(), "init", "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("# How ppctl builds").contains("smokeTests:").contains("- path: /repos/security-policy");
        assertThat(project.snapshot()).isEqualTo(before);
    }

    @Test
    void jsonOutputAndTheConfigNamedWithMinusC() throws Exception {
        CliResult r = Cli.inProject(project.dir(), "-c", "ppctl.weekly.yaml", "init", "--name", "policies", "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertThat(json.path("config").asText()).isEqualTo("ppctl.weekly.yaml");
        assertThat(json.path("image").asText()).isEqualTo("policies");
        assertThat(json.path("registry").asText()).isEqualTo("ghcr.io/acme/policies");
        assertThat(json.path("versionChecks").get(0).asText()).isEqualTo("PLUTO_VERSION");
        assertThat(json.path("gitignore").asText()).isEqualTo("created");
        assertThat(project.path("ppctl.weekly.yaml")).isRegularFile();
        assertThat(project.path("ppctl.yaml")).doesNotExist();
    }

    @Test
    void badInputIsItsDocumentedExitCodeOnOneLine() {
        project.delete("Dockerfile");
        CliResult noDockerfile = Cli.inProject(project.dir(), "init");
        assertThat(noDockerfile.exitCode()).isEqualTo(2);
        assertThat(noDockerfile.stderrLines()).singleElement().satisfies(l -> assertThat(l).startsWith("ppctl: ").contains("no Dockerfile here"));

        CliResult badName = Cli.inProject(project.dir(), "init", "--dockerfile", "policies/security-policy/p.yaml", "--name", "Bad Name");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.stderrLines()).singleElement().satisfies(l -> assertThat(l).startsWith("ppctl: --name"));

        CliResult noFolder = Cli.run("-C", project.dir().resolve("missing").toString(), "init");
        assertThat(noFolder.exitCode()).isEqualTo(2);
        assertThat(noFolder.stderrLines()).singleElement().satisfies(l -> assertThat(l).contains("project folder does not exist"));

        assertThat(project.path("ppctl.yaml")).doesNotExist();
        assertThat(project.path(".gitignore")).doesNotExist();
    }

    @Test
    void helpTeachesWithExamples() {
        CliResult r = Cli.run("init", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("Examples:").contains("ppctl init --dry-run").contains("--force").contains("--name=NAME");
    }
}
