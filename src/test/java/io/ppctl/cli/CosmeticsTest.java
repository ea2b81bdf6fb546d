package io.ppctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.build.BuildResult;
import io.ppctl.console.Style;
import io.ppctl.report.CheckReport;
import io.ppctl.report.CheckResult;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15 row 23: what users see, exactly. */
class CosmeticsTest {

    @Test
    void dashCNamingAFileSaysItIsNotAFolder() {
        try (TestProject p = TestProject.create().write("VERSION", "v1.0.0\n")) {
            CliResult r = Cli.run("-C", p.path("VERSION").toString(), "version");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr()).contains("VERSION: is a file, not a project folder").doesNotContain("does not exist");
        }
    }

    @Test
    void bumpJsonSpellsEveryLevelLowerCase() throws Exception {
        try (TestProject p = TestProject.git().write("VERSION", "v1.0.0\n").write("Dockerfile", "FROM scratch\n").commit("init")) {
            p.git("tag", "v1.0.0");
            p.write("Dockerfile", "FROM scratch\nLABEL a=b\n").commit("change");
            CliResult r = Cli.inProject(p.dir(), "bump", "auto", "--explain", "--dry-run", "--output", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode json = new ObjectMapper().readTree(r.stdout());
            assertThat(json.path("reasons")).isNotEmpty();
            for (JsonNode reason : json.path("reasons")) {
                assertThat(reason.path("level").asText()).isEqualTo(json.path("level").asText().toLowerCase());
                assertThat(reason.path("level").asText()).isLowerCase();
            }
        }
    }

    @Test
    void checkColumnsStayAlignedWithLongNames() {
        String longName = "/repos/security-policy/pod-security/require-non-root-user-and-read-only-root is a directory";
        CheckReport report = new CheckReport("smoke-test", "policy-platform:v1.0.0", "sha256:abc", List.of(
                CheckResult.pass("kyverno version", "command", Duration.ofMillis(120)),
                CheckResult.pass(longName, "file", Duration.ofMillis(5))));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CheckReportOutput.print(new PrintStream(buf, true, StandardCharsets.UTF_8), new Style(false), report);
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("PASS")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).indexOf("120ms")).isEqualTo(lines.get(1).indexOf("5ms"));
    }

    // Row 23: with colour on, the bold of "built NAME" is reset on its own line, so the next line is not bold and a
    // terminal that is closed after it is left plain. Seen on a pty too (script -c 'ppctl build').
    @Test
    void theBoldOfBuiltNameIsResetBeforeTheNewline() {
        for (boolean reused : new boolean[] {false, true}) {
            BuildResult r = BuildResult.builder().imageId("sha256:" + "ab".repeat(32)).reference("policy-platform:v1.0.0").size(6)
                    .sizeText("6 B").layers(1).durationSeconds(0.9).version("v1.0.0").buildArgs(List.of()).labels(java.util.Map.of())
                    .largestLayers(List.of()).reused(reused).build();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            BuildCommand.print(new PrintStream(buf, true, StandardCharsets.UTF_8), new Style(true), r);
            String text = buf.toString(StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElseThrow();
            assertThat(first).startsWith((reused ? "unchanged " : "built ") + "\u001b[1mpolicy-platform:v1.0.0\u001b[0m");
            assertThat(text).contains("\u001b[0m" + (reused ? " (same inputs" : System.lineSeparator()));
            assertThat(text.lines().skip(1)).as("lines after the first").noneMatch(l -> l.contains("\u001b"));
        }
    }
}
