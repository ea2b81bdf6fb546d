package io.ppctl.cli;

import io.ppctl.clean.Leftovers;
import io.ppctl.clean.Leftovers.Leftover;
import io.ppctl.core.Durations;
import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.StepContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Command(name = "clean",
        description = {"Remove containers that an earlier ppctl run left behind (after SIGKILL, a crash or a power cut). "
                + "They carry the label io.ppctl.managed=true.",
                "A container is a leftover when the ppctl process that created it on this host is gone, or, when it "
                + "was created elsewhere, when it is older than --older-than. Running ppctl processes keep theirs. "
                + "Released images and tags are never touched.",
                "",
                "Examples:",
                "  ppctl clean --dry-run",
                "  ppctl clean --older-than 2h"})
final class CleanCommand extends PpctlSubcommand {

    @Option(names = {"-n", "--dry-run"}, description = "List what would be removed, remove nothing.")
    boolean dryRun;

    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "24h",
            description = "Age after which a container from another host counts as a leftover. Default: ${DEFAULT-VALUE}.")
    String olderThan;

    record CleanResult(List<Leftover> containers, boolean removed) {}

    @Override
    protected ExitCode execute() {
        Duration age;
        try {
            age = Durations.parse(olderThan);
        } catch (IllegalArgumentException e) {
            throw usage("--older-than: " + e.getMessage());
        }
        try (StepContext ctx = stepContext()) {
            List<Leftover> leftovers = Leftovers.clean(ctx.docker(), Instant.now().minus(age), dryRun);
            CleanResult result = new CleanResult(leftovers, !dryRun);
            console().result(result, out -> {
                if (leftovers.isEmpty()) {
                    out.println("nothing to clean");
                }
                for (Leftover l : leftovers) {
                    out.println((dryRun ? "would remove " : "removed ") + l.id() + " (" + l.purpose() + "): " + l.reason());
                }
            });
            return ExitCode.OK;
        }
    }
}
