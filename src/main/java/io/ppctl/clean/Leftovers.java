package io.ppctl.clean;

import io.ppctl.docker.DockerSession;
import io.ppctl.docker.Labels;

import java.time.Instant;
import java.util.List;

/**
 * The containers an earlier ppctl run left behind (after SIGKILL, a crash or a power cut), told apart by the labels
 * every container of ppctl carries ({@link Labels#forRun}): a container is a leftover when the ppctl process that
 * created it on this host is gone, or, when it was created elsewhere, when it is older than the cutoff. Running ppctl
 * processes keep theirs, and this run keeps its own.
 */
public final class Leftovers {
    /** {@code id} is the short container ID; {@code reason} says why it is a leftover. */
    public record Leftover(String id, String purpose, String host, String pid, String reason) {}

    private Leftovers() {}

    /** The leftovers, removed unless {@code dryRun}. */
    public static List<Leftover> clean(DockerSession docker, Instant cutoff, boolean dryRun) {
        List<Leftover> leftovers = docker.listContainers(Labels.MANAGED, "true").stream()
                .map(c -> leftover(c, cutoff)).filter(l -> l.reason() != null).toList();
        if (!dryRun) {
            leftovers.forEach(l -> docker.removeContainer(l.id()));
        }
        return leftovers;
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
