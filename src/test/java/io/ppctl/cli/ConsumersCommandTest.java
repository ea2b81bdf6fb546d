package io.ppctl.cli;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage errors of ppctl consumers: one line, exit 2, before any repository or registry is asked. */
class ConsumersCommandTest {
    private final TestProject project = TestProject.git();

    @AfterEach
    void remove() {
        project.close();
    }

    private CliResult run(String yaml, String... args) {
        project.write("ppctl.yaml", yaml).write("VERSION", "v1.3.0\n").commit("project");
        return Cli.inProject(project.dir(), args);
    }

    private static final String CONFIGURED = """
            registries: [{name: ghcr, repository: ghcr.io/acme/policy-platform}]
            consumers:
              - {name: ci, repo: /nonexistent/ci.git, files: ['*.yml']}
            """;

    @Test
    void noConsumersConfiguredIsAUsageError() {
        CliResult r = run("registries: [{name: ghcr, repository: ghcr.io/acme/policy-platform}]\n", "consumers", "update");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).containsExactly("ppctl: no consumers configured: add a 'consumers:' list to ppctl.yaml "
                + "(name, repo, files, and optionally branch)");
    }

    @Test
    void anInvalidVersionOrNoReleaseToPointAtIsAUsageError() {
        CliResult bad = run(CONFIGURED, "consumers", "update", "1.x");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderrLines()).hasSize(1).first().asString().contains("'1.x' is not a semantic version");

        CliResult none = Cli.inProject(project.dir(), "consumers", "update");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderrLines()).containsExactly("ppctl: no release to point consumers at: no released report in "
                + "target/ppctl/release-report.json and no version tag in git; name the VERSION");
    }

    @Test
    void releaseRefusesToUpdateConsumersWithoutAPushOrWithoutConsumers() {
        CliResult noPush = run(CONFIGURED, "release", "--update-consumers", "--no-push");
        assertThat(noPush.exitCode()).isEqualTo(2);
        assertThat(noPush.stderrLines()).containsExactly("ppctl: --update-consumers points consumers at the pushed release, "
                + "and this release pushes nothing");

        project.write("ppctl.yaml", "registries: [{name: ghcr, repository: ghcr.io/acme/policy-platform}]\n").commit("no consumers");
        CliResult none = Cli.inProject(project.dir(), "release", "--update-consumers");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderrLines()).last().asString().startsWith("ppctl: no consumers configured");
    }

    @Test
    void aConsumerThatCannotBeClonedIsExit3NamedAndItsTokenNeverPrinted() {
        CliResult r = run("registries: [{name: ghcr, repository: ghcr.io/acme/policy-platform}]\n"
                + "consumers:\n  - {name: ci, repo: 'https://ci-bot:s3cr3t-token@127.0.0.1:9/acme/ci.git', files: ['*.yml']}\n",
                "--output", "json", "consumers", "update", "v1.3.0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).last().asString().startsWith("ppctl: 1 of 1 consumer not updated: ci: cannot clone ci "
                + "(https://127.0.0.1:9/acme/ci.git): ");
        assertThat(r.stdout()).contains("\"status\" : \"failed\"", "\"exitCode\" : 3");
        assertThat(r.stdout() + r.stderr()).doesNotContain("s3cr3t-token").doesNotContain("ci-bot");
    }

    @Test
    void aBadConsumersEntryFailsWithItsPosition() {
        CliResult r = run("consumers:\n  - {name: ci, files: ['*.yml']}\n", "consumers", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).hasSize(1).first().asString().startsWith("ppctl: " + project.path("ppctl.yaml"))
                .endsWith("ppctl.yaml:2:5: consumers[0]: missing 'repo' (a git URL such as https://github.com/acme/ci.git, or a local path)");
    }
}
