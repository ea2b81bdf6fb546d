package io.ppctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Row 18 of issue 15: with --output json a failing command still prints one JSON object on stdout. */
class FailureJsonTest {
    private final TestProject project = TestProject.git().write("VERSION", "not-a-version\n").write("Dockerfile", "FROM scratch\n")
            .commit("init");

    @AfterEach
    void remove() {
        project.close();
    }

    private static JsonNode json(CliResult r) throws Exception {
        assertThat(r.stdout().strip().lines().count()).as(r.toString()).isPositive();
        JsonNode n = new ObjectMapper().readTree(r.stdout());
        assertThat(n.isObject()).isTrue();
        return n;
    }

    @Test
    void aBadVersionFileIsOneJsonObjectWithExitCodeStepAndMessage() throws Exception {
        CliResult r = Cli.run("--output", "json", "-C", project.dir().toString(), "tag");
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode n = json(r);
        assertThat(n.get("status").asText()).isEqualTo("failed");
        assertThat(n.get("exitCode").asInt()).isEqualTo(2);
        assertThat(n.get("step").asText()).isEqualTo("tag");
        assertThat(n.get("message").asText()).contains("VERSION");
        assertThat(r.stderr()).contains("ppctl: ");
    }

    @Test
    void aBadOptionIsJsonToo() throws Exception {
        CliResult r = Cli.run("--output", "json", "-C", project.dir().toString(), "bump", "sideways");
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode n = json(r);
        assertThat(n.get("exitCode").asInt()).isEqualTo(2);
        assertThat(n.get("step").asText()).isEqualTo("bump");
    }

    // Rows 14/15: the JSON object carries the same cleaned text as stderr, never the raw line picocli built.
    @Test
    void aSecretAfterAnUnknownOptionIsNotInTheJson() throws Exception {
        CliResult r = Cli.run("--output", "json", "-C", project.dir().toString(), "push", "--password", "hunter2");
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode n = json(r);
        assertThat(n.get("step").asText()).isEqualTo("push");
        assertThat(n.get("message").asText()).contains("--password").contains("--password-stdin");
        assertThat(r.stdout()).doesNotContain("hunter2");
        assertThat(r.stderr()).doesNotContain("hunter2");
    }

    @Test
    void aHugeArgumentIsQuotedAsAShortPrefixInTheJson() throws Exception {
        String huge = "x".repeat(100_000);
        CliResult r = Cli.run("--output", "json", "-C", project.dir().toString(), "bump", huge);
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode n = json(r);
        // Lengths first: a failure message that quotes 100,000 characters helps nobody.
        assertThat(r.stdout().length()).isLessThan(1000);
        assertThat(r.stderr().length()).isLessThan(1000);
        assertThat(n.get("message").asText()).contains("(100000 characters)");
    }

    @Test
    void withoutJsonStdoutStaysEmpty() {
        CliResult r = Cli.run("-C", project.dir().toString(), "tag");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
    }
}
