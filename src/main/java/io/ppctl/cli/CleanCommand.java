package io.ppctl.cli;

import io.ppctl.config.Durations;
import io.ppctl.core.ExitCode;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.Labels;
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

    record Leftover(String id, String purpose, String host, String pid, String reason) {}

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
            DockerSession docker = ctx.docker();
            Instant cutoff = Instant.now().minus(age);
            List<Leftover> leftovers = docker.listContainers(Labels.MANAGED, "true").stream()
                    .map(c -> leftover(c, cutoff)).filter(l -> l.reason() != null).toList();
            if (!dryRun) {
                leftovers.forEach(l -> docker.removeContainer(l.id()));
            }
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

    private static Leftover leftover(DockerSession.ContainerSummary c, Instant cutoff) {
        String host = c.labels().getOrDefault(Labels.HOST, "");
        String pid = c.labels().getOrDefault(Labels.PID, "");
        String purpose = c.labels().getOrDefault(Labels.PURPOSE, "?");
        String reason = null;
        if (Labels.sessionId().equals(c.labels().get(Labels.SESSION))) {
            reason = null;
        } else if (host.equals(Labels.hostName()) && pid.matches("\\d+")) {
            if (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                reason = null;
            } else {
                reason = "its ppctl process " + pid + " is gone";
            }
        } else if (c.created() != null && c.created().isBefore(cutoff)) {
            reason = "created " + c.created() + " on " + (host.isEmpty() ? "an unknown host" : host);
        }
        return new Leftover(c.id().substring(0, 12), purpose, host, pid, reason);
    }
}
