package io.ppctl.project;

import io.ppctl.project.ShellInvocations.Found;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellInvocationsTest {

    @Test
    void findsAPlainInvocationWithItsLine() {
        assertThat(ShellInvocations.find("echo hi\n./ppctl release --no-push\n", 10))
                .containsExactly(new Found(11, List.of("release", "--no-push")));
    }

    @Test
    void joinsContinuationLinesIntoOneInvocationAtItsFirstLine() {
        String script = """
                ./ppctl scan --skip-db-update \\
                  --sarif target/ppctl/trivy.sarif \\
                  --junit target/x.xml
                """;
        assertThat(ShellInvocations.find(script, 1)).containsExactly(
                new Found(1, List.of("scan", "--skip-db-update", "--sarif", "target/ppctl/trivy.sarif", "--junit", "target/x.xml")));
    }

    @Test
    void removesQuotesAndKeepsExpansionsAsOneWord() {
        assertThat(ShellInvocations.find("ppctl rollback \"$version\" --report 'a b.json' --image ${{ env.IMAGE }}", 1))
                .containsExactly(new Found(1, List.of("rollback", "$version", "--report", "a b.json", "--image", "${{ env.IMAGE }}")));
    }

    @Test
    void findsInvocationsInListsPipesAndCommandSubstitutions() {
        String script = "mkdir -p x && ./ppctl tag; v=$(ppctl version --output json | jq -r .version) || ppctl doctor";
        assertThat(ShellInvocations.find(script, 1)).extracting(Found::args).containsExactly(
                List.of("tag"), List.of("version", "--output", "json"), List.of("doctor"));
    }

    @Test
    void skipsEnvironmentAssignmentsAndShellKeywordsBeforeTheCommand() {
        assertThat(ShellInvocations.find("if PPCTL_X=1 ./ppctl doctor; then echo ok; fi", 1))
                .containsExactly(new Found(1, List.of("doctor")));
    }

    @Test
    void ignoresCommentsPathsAndOtherCommands() {
        String script = """
                # ./ppctl release is what this step runs
                cp target/ppctl.jar /tmp   # ppctl build
                upload target/ppctl/report.json
                ppctl-helper build
                """;
        assertThat(ShellInvocations.find(script, 1)).isEmpty();
    }

    @Test
    void anAbsolutePathToPpctlCounts() {
        assertThat(ShellInvocations.find("/opt/tools/ppctl -c ppctl.weekly.yaml push --registry ghcr", 3))
                .containsExactly(new Found(3, List.of("-c", "ppctl.weekly.yaml", "push", "--registry", "ghcr")));
    }

    @Test
    void redirectionsAreNotArguments() {
        assertThat(ShellInvocations.find("ppctl completion > /etc/bash_completion.d/ppctl", 1))
                .containsExactly(new Found(1, List.of("completion")));
        assertThat(ShellInvocations.find("ppctl version --output json 2>/dev/null >>out.json < /dev/null", 1))
                .containsExactly(new Found(1, List.of("version", "--output", "json")));
        assertThat(ShellInvocations.find("source <(ppctl completion)", 1)).containsExactly(new Found(1, List.of("completion")));
    }
}
