package io.ppctl.consumers;

import io.ppctl.config.ConsumerConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.policies.GitUrls;
import io.ppctl.project.Project;
import io.ppctl.version.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code ppctl consumers list}: each consumer and what its files reference now (versions, pinned digests, moving
 * tags), read from a temporary clone of its base branch. Changes nothing anywhere.
 */
public final class ConsumerList {

    /** @param versions version tags referenced; {@code digests} digests pinned without a tag; {@code moving} other tags */
    public record Entry(String name, String repo, String base, List<String> files, List<String> versions,
                        List<String> digests, List<String> moving, int references, String error, Integer exitCode) {}

    public record Result(List<Entry> consumers) {
        public PpctlException failure() {
            List<Entry> failed = consumers.stream().filter(e -> e.exitCode() != null).toList();
            if (failed.isEmpty()) {
                return null;
            }
            int worst = failed.stream().mapToInt(Entry::exitCode).max().orElse(3);
            ExitCode code = worst == ExitCode.USAGE.code() ? ExitCode.USAGE : ExitCode.ENVIRONMENT;
            return new PpctlException(code, "cannot read " + String.join("; ", failed.stream().map(e -> e.name() + ": " + e.error()).toList()));
        }
    }

    private ConsumerList() {}

    public static Result run(Project project, EventBus events) {
        ConsumerUpdate.validate(project);
        ReferenceScanner scanner = new ReferenceScanner(project.config().registries().stream().map(RegistryConfig::repository).toList());
        List<Entry> out = new ArrayList<>();
        for (ConsumerConfig c : project.config().consumers()) {
            out.add(read(project, c, scanner, events));
        }
        return new Result(List.copyOf(out));
    }

    private static Entry read(Project project, ConsumerConfig c, ReferenceScanner scanner, EventBus events) {
        String shown = GitUrls.redact(c.repo());
        try (ConsumerClone clone = ConsumerClone.create(c.name(), ConsumerFiles.remoteUrl(project, c.repo()))) {
            String base = clone.open(c.branch(), "ppctl-list").base();
            ConsumerFiles files = ConsumerFiles.select(clone, c.files());
            files.unmatched().forEach(g -> events.warn("consumer " + c.name() + ": '" + g + "' matches no file on " + base));
            TreeSet<Version> versions = new TreeSet<>();
            TreeSet<String> digests = new TreeSet<>();
            TreeSet<String> moving = new TreeSet<>();
            List<String> referencing = new ArrayList<>();
            int count = 0;
            for (Map.Entry<String, List<ImageReference>> f : files.references(scanner).entrySet()) {
                if (!f.getValue().isEmpty()) {
                    referencing.add(f.getKey());
                }
                for (ImageReference r : f.getValue()) {
                    count++;
                    switch (r.kind()) {
                        case VERSION -> versions.add(r.tagVersion().orElseThrow());
                        case DIGEST -> digests.add(r.digest());
                        case MOVING -> moving.add(r.tag() != null ? r.tag() : r.digest());
                    }
                }
            }
            return new Entry(c.name(), shown, base, List.copyOf(referencing), versions.stream().map(Object::toString).toList(),
                    List.copyOf(digests), List.copyOf(moving), count, null, null);
        } catch (PpctlException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            return new Entry(c.name(), shown, c.branch(), List.of(), List.of(), List.of(), List.of(), 0, e.getMessage(),
                    e.exitCode().code());
        }
    }
}
