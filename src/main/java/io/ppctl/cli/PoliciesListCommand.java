package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.policies.PolicyStatus;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.List;

@Command(name = "list",
        description = {"Show each policy repo, its pinned commit, and whether it is in sync.",
                "",
                "Lists where each repo comes from (pinned, or a plain folder in the project), its ref and pinned "
                        + "commit, and whether policies/<name> matches the lock. Works offline.",
                "",
                "Examples:",
                "  ppctl policies list",
                "  ppctl policies list --output json"})
final class PoliciesListCommand extends PpctlSubcommand {

    record ListResult(List<PolicyStatus.Repo> repos) {}

    @Override
    protected ExitCode execute() {
        ListResult result = new ListResult(PolicyStatus.of(project()));
        console().result(result, out -> print(out, result.repos()));
        return ExitCode.OK;
    }

    private void print(PrintStream out, List<PolicyStatus.Repo> repos) {
        if (repos.isEmpty()) {
            out.println("no policy repos (no policyRepos in ppctl.yaml, no folders under policies/)");
            return;
        }
        var s = console().style();
        int width = repos.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        int refWidth = repos.stream().mapToInt(r -> r.ref() == null ? 1 : r.ref().length()).max().orElse(1);
        for (PolicyStatus.Repo r : repos) {
            String commit = r.commit() == null ? "-      " : r.commit().substring(0, 7);
            String status = r.inSync() ? s.green(r.status()) : s.yellow(r.status());
            out.printf("%-" + width + "s  %-7s  %-" + refWidth + "s  %s  %s%n", r.name(), r.source(),
                    r.ref() == null ? "-" : r.ref(), commit, status);
        }
    }
}
