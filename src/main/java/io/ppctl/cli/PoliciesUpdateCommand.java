package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.StepContext;
import io.ppctl.policies.PolicyUpdate;
import io.ppctl.policies.TreeChanges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

@Command(name = "update",
        description = {"Move pins to what their refs point to now, and report what changed.",
                "",
                "A branch moves to its head; a tag stays that tag (move to another with --to). Repos new in "
                        + "ppctl.yaml are pinned, repos no longer there are dropped; policies/ and policies.lock "
                        + "follow. Prints per repo the old and new commit, the commit subjects in between and the "
                        + "files added, changed and removed, then the version bump this implies:",
                "  patch  policy content changed",
                "  minor  a new policy repo",
                "  major  a repo removed or renamed, or files moved between folders",
                "",
                "Exit 1: local edits refused. Exit 2: unknown repo or ref, missing path, corrupt lock. "
                        + "Exit 3: a remote cannot be fetched. Nothing is written unless everything resolved.",
                "",
                "Examples:",
                "  ppctl policies update                              # every repo",
                "  ppctl policies update security-policy --to v2.4.0 # a newer tag",
                "  ppctl policies update --bump                       # and write VERSION",
                "  ppctl policies update --dry-run --output json"})
final class PoliciesUpdateCommand extends PpctlSubcommand {

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Policy repos to update (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = "--to", paramLabel = "REF", description = "Move the one named repo to this tag (or branch or commit); "
            + "its ref in ppctl.yaml is rewritten to match.")
    String to;

    @Option(names = "--bump", description = "Write the implied version bump to VERSION.")
    boolean bump;

    @Option(names = "--force", description = "Overwrite local edits in policies/<name>.")
    boolean force;

    @Option(names = {"-n", "--dry-run"}, description = "Resolve and report; write nothing.")
    boolean dryRun;

    @Override
    protected ExitCode execute() {
        if (bump && dryRun) {
            throw usage("--bump writes VERSION and --dry-run writes nothing: choose one");
        }
        PolicyUpdate.Result result;
        try (StepContext ctx = stepContext()) {
            result = PolicyUpdate.run(project(), new PolicyUpdate.Options(names, to, force, bump, dryRun), ctx.events());
        }
        console().result(result, out -> print(out, result));
        return ExitCode.OK;
    }

    private void print(PrintStream out, PolicyUpdate.Result r) {
        var s = console().style();
        if (r.repos().isEmpty()) {
            out.println("no pinned policy repos (policyRepos in ppctl.yaml is empty)");
            return;
        }
        for (PolicyUpdate.RepoChange c : r.repos()) {
            out.println(s.bold(c.name()) + ": " + headline(c));
            if (!c.commits().isEmpty()) {
                out.println("  commits:");
                c.commits().stream().limit(30).forEach(subject -> out.println("    " + subject));
                if (c.commits().size() > 30) {
                    out.println("    ... and " + (c.commits().size() - 30) + " more");
                }
            }
            if (c.files() != null && !c.files().isEmpty()) {
                printFiles(out, c.files());
            }
            if (c.level() != null) {
                out.println("  bump: " + c.level() + " (" + c.reason() + ")");
            }
            if (!c.newerTags().isEmpty()) {
                out.println("  " + s.dim("newer tags: " + String.join(", ", c.newerTags()) + " (move with --to TAG)"));
            }
        }
        out.println();
        if (r.level() == null) {
            out.println("no release needed: no policy content changed");
        } else if (r.version() == null) {
            out.println("bump: " + r.level() + " (VERSION unreadable)");
        } else {
            out.println("bump: " + s.bold(r.level()) + "  " + r.version() + " -> " + r.suggestedVersion()
                    + (r.versionWritten() ? " (written to VERSION)" : r.dryRun() ? "" : " (VERSION unchanged; --bump writes it)"));
        }
        if (r.dryRun()) {
            out.println("dry run: nothing written");
        }
    }

    private static String headline(PolicyUpdate.RepoChange c) {
        String at = c.ref() == null ? "" : " (" + c.ref() + (c.refKind() == null ? "" : ", " + c.refKind()) + ")";
        return switch (c.change()) {
            case PolicyUpdate.ADDED -> "added at " + abbrev(c.newCommit()) + at;
            case PolicyUpdate.RENAMED -> "renamed from " + c.renamedFrom() + ", at " + abbrev(c.newCommit()) + at;
            case PolicyUpdate.REMOVED -> "removed (was " + abbrev(c.oldCommit()) + ")";
            case PolicyUpdate.UNCHANGED -> "up to date at " + abbrev(c.newCommit()) + at;
            default -> abbrev(c.oldCommit()) + " -> " + abbrev(c.newCommit()) + at;
        };
    }

    private static void printFiles(PrintStream out, TreeChanges f) {
        out.println("  files: " + f.summary());
        f.added().forEach(p -> out.println("    + " + p));
        f.changed().forEach(p -> out.println("    ~ " + p));
        f.removed().forEach(p -> out.println("    - " + p));
        f.moved().forEach(m -> out.println("    > " + m.from() + " -> " + m.to()));
    }

    private static String abbrev(String commit) {
        return commit == null ? "?" : commit.substring(0, 7);
    }
}
