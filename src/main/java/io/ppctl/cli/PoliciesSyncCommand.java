package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.StepContext;
import io.ppctl.policies.PolicySync;
import io.ppctl.policies.PolicySyncCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;

@Command(name = "sync",
        description = {"Make policies/ match policies.lock exactly, pinning repos new in ppctl.yaml.",
                "",
                "Writes missing repos, replaces outdated ones and removes files that are not in the pinned tree; "
                        + "fetches only commits the local cache lacks. Refuses to overwrite local edits (and lists "
                        + "them) unless --force. policies/ changes all at once or not at all.",
                "A repo in ppctl.yaml that policies.lock lacks is pinned at what its ref points to now (the lock is "
                        + "written; the bump it implies is reported); an existing pin never moves (that is "
                        + "'ppctl policies update'). With --locked or CI=true a missing pin is refused instead.",
                "",
                "Exit 1: local edits refused, or policies.lock does not pin what ppctl.yaml asks for (a changed "
                        + "url, ref or path, a removed repo; a new one with --locked/CI): run 'ppctl policies update'. "
                        + "Exit 2: corrupt or hand-edited lock. Exit 3: a remote cannot be fetched.",
                "",
                "Examples:",
                "  ppctl policies sync",
                "  ppctl policies sync --check     # CI: exit 1 when policies/ differs",
                "  ppctl policies sync --locked    # CI: never pin, refuse a missing pin",
                "  ppctl policies sync --force     # discard local edits"})
final class PoliciesSyncCommand extends PpctlSubcommand {

    @Option(names = "--force", description = "Overwrite local edits in policies/<name>.")
    boolean force;

    @Option(names = "--locked", description = "Pin nothing: refuse a repo that policies.lock lacks (the default when CI=true).")
    boolean locked;

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
            result = PolicySync.run(project(), force, locked || "true".equalsIgnoreCase(project().env().get("CI")), ctx.events());
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
        for (var p : result.pinned()) {
            out.println("pinned " + s.bold(p.name()) + " at " + p.newCommit().substring(0, 7) + " (" + p.ref()
                    + (p.refKind() == null ? "" : ", " + p.refKind()) + "): new in ppctl.yaml, written to policies.lock");
        }
        if (!result.pinned().isEmpty()) {
            out.println(result.level() == null ? "bump: none" : result.version() == null ? "bump: " + result.level()
                    + " (VERSION unreadable)" : "bump: " + s.bold(result.level()) + "  " + result.version() + " -> "
                    + result.suggestedVersion() + " (VERSION unchanged; 'ppctl bump " + result.level() + "' writes it)");
        }
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
