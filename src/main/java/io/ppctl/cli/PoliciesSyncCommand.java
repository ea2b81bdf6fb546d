package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.StepContext;
import io.ppctl.policies.PolicySync;
import io.ppctl.policies.PolicySyncCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;

@Command(name = "sync",
        description = {"Make policies/ match policies.lock exactly.",
                "",
                "Writes missing repos, replaces outdated ones and removes files that are not in the pinned tree; "
                        + "fetches only commits the local cache lacks. Refuses to overwrite local edits (and lists "
                        + "them) unless --force. policies/ changes all at once or not at all.",
                "",
                "Exit 1: local edits refused, or policies.lock does not pin what ppctl.yaml asks for (run "
                        + "'ppctl policies update'). Exit 2: corrupt or hand-edited lock. Exit 3: a remote cannot "
                        + "be fetched.",
                "",
                "Examples:",
                "  ppctl policies sync",
                "  ppctl policies sync --check     # CI: exit 1 when policies/ differs",
                "  ppctl policies sync --force     # discard local edits"})
final class PoliciesSyncCommand extends PpctlSubcommand {

    @Option(names = "--force", description = "Overwrite local edits in policies/<name>.")
    boolean force;

    @Option(names = "--check", description = "Change nothing; exit 1 when policies/ differs from policies.lock (what build runs first).")
    boolean check;

    /** The JSON shape of `ppctl policies sync --check --output json`. */
    record CheckResult(boolean inSync, String summary) {}

    @Override
    protected ExitCode execute() {
        if (check && force) {
            throw usage("--check changes nothing; it does not go with --force");
        }
        if (check) {
            CheckResult r = new CheckResult(true, PolicySyncCheck.verify(project()));
            console().result(r, out -> out.println(r.summary()));
            return ExitCode.OK;
        }
        PolicySync.Result result;
        try (StepContext ctx = stepContext()) {
            result = PolicySync.run(project(), force, ctx.events());
        }
        console().result(result, out -> print(out, result));
        return ExitCode.OK;
    }

    private void print(PrintStream out, PolicySync.Result result) {
        if (result.repos().isEmpty()) {
            out.println("no pinned policy repos (policyRepos in ppctl.yaml is empty)");
            return;
        }
        var s = console().style();
        int width = result.repos().stream().mapToInt(r -> r.name().length()).max().orElse(0);
        int refWidth = result.repos().stream().mapToInt(r -> r.ref().length()).max().orElse(0);
        for (PolicySync.RepoResult r : result.repos()) {
            String status = r.status().equals(PolicySync.IN_SYNC) ? r.status() : s.yellow(r.status());
            out.printf("%-" + width + "s  %s  %-" + refWidth + "s  %s%n", r.name(), r.commit().substring(0, 7), r.ref(), status);
            for (String file : r.discarded()) {
                out.println("    " + file);
            }
        }
    }
}
