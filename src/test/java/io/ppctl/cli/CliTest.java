package io.ppctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as users meet it, in-process; nothing here needs Docker. */
class CliTest {
    private TestProject project;

    @BeforeEach
    void create() {
        project = TestProject.git().write("VERSION", "v1.0.2\n").write("Dockerfile", "FROM scratch\n").commit("init");
    }

    @AfterEach
    void remove() {
        project.close();
    }

    private CliResult ppctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = project.dir().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    @Test
    void versionShowsVersionCommitAndTags() {
        CliResult r = ppctl("version");
        String sha = project.head().substring(0, 7);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("version:  v1.0.2", "commit:   " + sha, "tree:     clean",
                "tags:     v1.0.2, sha-" + sha + ", latest");
    }

    @Test
    void versionAsJsonIsOneObject() throws Exception {
        CliResult r = ppctl("version", "--output", "json");
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertThat(json.get("version").asText()).isEqualTo("v1.0.2");
        assertThat(json.get("commit").asText()).isEqualTo(project.head());
        assertThat(json.get("dirty").asBoolean()).isFalse();
        assertThat(json.get("tags")).hasSize(3);
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        assertThat(Cli.run("--output", "json", "-C", project.dir().toString(), "version").stdout()).startsWith("{");
        assertThat(Cli.run("version", "-C", project.dir().toString(), "--output=json").stdout()).startsWith("{");
    }

    @Test
    void aDirtyTreeIsReported() {
        project.write("policies/x/a.yaml", "a: 1\n");
        assertThat(ppctl("version").stdout()).contains("tree:     dirty");
    }

    @Test
    void aPreReleaseShowsWhyLatestIsSkipped() {
        project.write("VERSION", "v1.3.0-rc.1\n");
        CliResult r = ppctl("version");
        assertThat(r.stdout()).contains("(pre-release)").contains("skips latest: v1.3.0-rc.1 is a pre-release");
    }

    @Test
    void bumpRewritesVersionKeepingItsPrefix() {
        CliResult r = ppctl("bump", "minor");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("v1.0.2 -> v1.1.0");
        assertThat(project.read("VERSION")).isEqualTo("v1.1.0\n");
        project.write("VERSION", "1.1.0\n");
        ppctl("bump", "patch", "--pre", "rc");
        assertThat(project.read("VERSION")).isEqualTo("1.1.1-rc.1\n");
        ppctl("bump", "patch", "--pre", "rc");
        assertThat(project.read("VERSION")).isEqualTo("1.1.1-rc.2\n");
    }

    @Test
    void bumpDryRunWritesNothing() {
        CliResult r = ppctl("bump", "major", "--dry-run");
        assertThat(r.stdout()).contains("v1.0.2 -> v2.0.0 (dry run, VERSION unchanged)");
        assertThat(project.read("VERSION")).isEqualTo("v1.0.2\n");
    }

    @Test
    void bumpAutoExplainsItsDecision() {
        project.git("tag", "v1.0.2");
        project.write("policies/new-repo/p.yaml", "kind: ClusterPolicy\n").commit("new repo");
        CliResult r = ppctl("bump", "auto", "--explain");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("minor (changes since v1.0.2)", "policies/new-repo/: new policy repo: new-repo", "v1.0.2 -> v1.1.0");
    }

    @Test
    void bumpAutoWithNothingToReleaseFails() {
        project.git("tag", "v1.0.2");
        CliResult r = ppctl("bump", "auto");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("nothing changed since v1.0.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.x", "v1.2", "", "banana"})
    void aBadVersionFileIsOneLineAndExitTwo(String content) {
        project.write("VERSION", content + "\n");
        CliResult r = ppctl("bump", "patch");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).contains("VERSION").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(project.read("VERSION")).isEqualTo(content + "\n");
    }

    @Test
    void aMissingVersionFileIsExitTwo() {
        project.delete("VERSION");
        CliResult r = ppctl("version");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("version file not found");
    }

    @Test
    void aBrokenConfigIsOneLineWithPosition() {
        project.write("ppctl.yaml", "image:\n  name: [oops\n");
        CliResult r = ppctl("version");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).containsPattern("ppctl\\.yaml:\\d+:\\d+: invalid YAML");
    }

    @Test
    void aWrongTypeOrUnknownKeyIsExitTwo() {
        project.write("ppctl.yaml", "tags: latest\n");
        assertThat(ppctl("version").stderr()).contains("tags: expected a list");
        project.write("ppctl.yaml", "imagee: {}\n");
        CliResult r = ppctl("version");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("did you mean 'image'?");
    }

    @Test
    void anExplicitConfigThatDoesNotExistIsExitTwo() {
        CliResult r = ppctl("-c", "nope.yaml", "version");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("nope.yaml: config file not found");
    }

    @Test
    void stacktraceOnlyWhenAskedFor() {
        project.write("VERSION", "x\n");
        assertThat(ppctl("version").stderr()).doesNotContain("\tat ");
        assertThat(ppctl("version", "--stacktrace").stderr()).contains("\tat ");
    }

    @Test
    void unknownCommandsAndOptionsAreExitTwoWithAHint() {
        CliResult r = ppctl("versoin");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).contains("unknown command 'versoin'", "did you mean version");
        CliResult o = ppctl("version", "--frobnicate");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("Unknown option: '--frobnicate'", "ppctl version --help");
    }

    @Test
    void verboseAndQuietContradict() {
        assertThat(ppctl("-v", "-q", "version").exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingProjectFolderIsExitTwo() {
        CliResult r = Cli.run("-C", project.dir().resolve("nope").toString(), "version");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("project folder does not exist");
    }

    @Test
    void helpTeachesExitCodesAndCommands() {
        CliResult r = Cli.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("Exit codes:", "  0", "  1", "  2", "  3", "  4", "130", "version", "bump", "doctor");
        assertThat(Cli.run("bump", "--help").stdout()).contains("Examples:", "--pre", "Exit codes:");
    }

    @Test
    void completionPrintsABashScript() {
        CliResult r = Cli.run("completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("complete -F", "_picocli_ppctl");
    }

    @Test
    void versionOfPpctlItself() {
        assertThat(Cli.run("--version").stdout()).startsWith("ppctl ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--password hunter2", "--password=hunter2", "--registry-token hunter2 --x", "--api-secret hunter2"})
    void anUnknownSecretOptionNeverEchoesItsValue(String words) {
        String[] args = ("push " + words).split(" ");
        CliResult r = ppctl(args);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).doesNotContain("hunter2").contains("***'").contains("--password-stdin");
        String[] traced = ("push --stacktrace " + words).split(" ");
        assertThat(ppctl(traced).stderr()).doesNotContain("hunter2");
    }

    @Test
    void anUnknownOptionWithAnOrdinaryValueIsStillQuoted() {
        CliResult r = ppctl("push", "--colour", "blue");
        assertThat(r.stderr()).contains("'blue'").doesNotContain("***");
    }

    @Test
    void aLongRefusedArgumentIsQuotedAsAShortPrefix() {
        CliResult r = ppctl("bump", "x".repeat(100_000));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().length()).isLessThan(400);
        assertThat(r.stderr()).contains("...' (100000 characters)");
    }
}
