package io.ppctl.cli;

import io.ppctl.consumers.ConsumerUpdate;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.pipeline.StepContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.Map;

@Command(name = "update",
        description = {"Point every consumer at a release, each on a new branch ppctl/<image>-<version>.",
                "",
                "In each consumer's files, every reference to the image in any configured registry moves: "
                        + "repo:v1.2.3, repo:v1.2.3@sha256:..., repo@sha256:... (the digest is read from the registry); "
                        + "moving tags such as repo:1.2 or repo:latest stay. Nothing else in a file changes. The change is "
                        + "committed on a new branch, which alone is pushed; the base branch is never touched.",
                "A consumer on an older major version is skipped (the new major is breaking) unless --allow-major.",
                "",
                "Exit 1: a branch of that name exists (--force replaces it) or the release is not in a registry. "
                        + "Exit 2: bad VERSION or no consumers configured. Exit 3: a consumer cannot be cloned or pushed "
                        + "to. The other consumers are still updated.",
                "",
                "Examples:",
                "  ppctl consumers update                 # the last release",
                "  ppctl consumers update v2.0.0 --allow-major",
                "  ppctl consumers update --dry-run       # the diff, nothing pushed"})
final class ConsumersUpdateCommand extends PpctlSubcommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
            description = "The release to point at (default: the last release, from the release report or the newest version tag).")
    String version;

    @Option(names = {"-n", "--dry-run"}, description = "Print the diff per consumer; commit and push nothing.")
    boolean dryRun;

    @Option(names = "--allow-major", description = "Also move consumers on an older major version.")
    boolean allowMajor;

    @Option(names = "--force", description = "Replace the branch ppctl/<image>-<version> where it exists already.")
    boolean force;

    @Override
    protected ExitCode execute() {
        ConsumerUpdate.Result result;
        try (StepContext ctx = stepContext()) {
            result = ConsumerUpdate.run(project(), new ConsumerUpdate.Options(version, dryRun, allowMajor, force, Map.of()), ctx.events());
        }
        return report(this, result);
    }

    /** Prints the result and turns failed consumers into the exit code; release --update-consumers reports the same way. */
    static ExitCode report(PpctlSubcommand command, ConsumerUpdate.Result result) {
        command.console().result(result, out -> print(command, out, result));
        PpctlException failure = result.failure();
        if (failure != null) {
            throw failure;
        }
        return ExitCode.OK;
    }

    private static void print(PpctlSubcommand command, PrintStream out, ConsumerUpdate.Result r) {
        var s = command.console().style();
        out.println(s.bold("consumers -> " + r.image() + " " + r.version()) + " (" + r.versionSource() + ")"
                + (r.dryRun() ? " dry run: nothing committed or pushed" : ""));
        for (ConsumerUpdate.Outcome o : r.consumers()) {
            String status = switch (o.status()) {
                case ConsumerUpdate.UPDATED, ConsumerUpdate.WOULD_UPDATE -> s.green(o.status());
                case ConsumerUpdate.FAILED -> s.red(o.status());
                case ConsumerUpdate.SKIPPED, ConsumerUpdate.NO_REFERENCE -> s.yellow(o.status());
                default -> o.status();
            };
            String from = o.from().isEmpty() ? "" : " from " + String.join(", ", o.from());
            out.println(s.bold(o.name()) + ": " + status + (o.branch() != null && !o.failed() ? from : "")
                    + (o.reason() == null ? "" : ": " + o.reason()));
            for (ConsumerUpdate.FileChange f : o.files()) {
                out.println("  " + f.file());
                f.changes().forEach(c -> out.println("    " + c.line() + ": " + c.before() + " -> " + c.after()));
            }
            if (o.branch() != null) {
                out.println("  branch   " + o.branch() + (r.dryRun() ? " (not pushed)" : " (pushed; base " + o.base() + ")"));
            }
            if (o.compareUrl() != null) {
                out.println("  compare  " + o.compareUrl());
            }
            if (o.diff() != null) {
                o.diff().lines().forEach(l -> out.println("  " + l));
            }
        }
    }
}
