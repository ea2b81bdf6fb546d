package io.ppctl.consumers;

import io.ppctl.config.ConsumerConfig;
import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.policies.GitUrls;
import io.ppctl.project.Project;
import io.ppctl.registry.Credentials;
import io.ppctl.version.Version;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ppctl consumers update}: for each consumer, a temporary clone of its base branch; the references to the
 * released image in its selected files moved by {@link UpdateRules}; the changed files committed on a new branch
 * {@code ppctl/<image>-<version>} and that branch pushed, never the base. One consumer's failure (clone, push, an
 * existing branch) does not stop the others; the worst exit code is raised after all are reported.
 */
public final class ConsumerUpdate {

    public record Options(String version, boolean dryRun, boolean allowMajor, boolean force, Map<String, Credentials> credentials) {}

    /** One reference changed, on its line. */
    public record Change(int line, String before, String after) {}

    public record FileChange(String file, List<Change> changes) {}

    /**
     * @param status updated, would update (dry run), up to date, skipped, no reference, failed
     * @param diff   the changes as git shows them (dry run only)
     */
    public record Outcome(String name, String repo, String status, String reason, String base, String branch,
                          List<String> from, List<FileChange> files, String compareUrl, String commit, String diff,
                          Integer exitCode, List<String> warnings) {
        public boolean failed() {
            return exitCode != null;
        }
    }

    public record Result(String image, String version, String versionSource, String branch, boolean dryRun,
                         List<Outcome> consumers) {
        /** The exit code the run ends with: the highest of the failed consumers', 0 when none failed. */
        public ExitCode exitCode() {
            return consumers.stream().filter(Outcome::failed).map(o -> code(o.exitCode())).max(java.util.Comparator.comparingInt(ExitCode::code))
                    .orElse(ExitCode.OK);
        }

        /** A failure naming every consumer that failed and why, or null. */
        public PpctlException failure() {
            List<Outcome> failed = consumers.stream().filter(Outcome::failed).toList();
            if (failed.isEmpty()) {
                return null;
            }
            String each = String.join("; ", failed.stream().map(o -> o.name() + ": " + o.reason()).toList());
            return new PpctlException(exitCode(), failed.size() + " of " + consumers.size() + " consumer"
                    + (consumers.size() == 1 ? "" : "s") + " not updated: " + each);
        }

        private static ExitCode code(int c) {
            for (ExitCode e : ExitCode.values()) {
                if (e.code() == c) {
                    return e;
                }
            }
            return ExitCode.INTERNAL;
        }
    }

    public static final String UPDATED = "updated";
    public static final String WOULD_UPDATE = "would update";
    public static final String UP_TO_DATE = "up to date";
    public static final String SKIPPED = "skipped";
    public static final String NO_REFERENCE = "no reference";
    public static final String FAILED = "failed";

    private final Project project;
    private final Options options;
    private final EventBus events;
    private final TargetRelease target;
    private final String image;
    private final String branch;
    private final ReferenceScanner scanner;
    private final VersionTags tags;
    private final ReleaseLookup registry;
    private final Map<String, List<String>> changes = new LinkedHashMap<>();

    ConsumerUpdate(Project project, Options options, EventBus events, ReleaseLookup registry) {
        this.project = project;
        this.options = options;
        this.events = events;
        PpctlConfig config = project.config();
        this.target = TargetRelease.resolve(project, options.version());
        this.image = imageName(config);
        this.branch = "ppctl/" + image + "-" + target.version();
        this.scanner = new ReferenceScanner(config.registries().stream().map(RegistryConfig::repository).toList());
        this.tags = new VersionTags(config.tags());
        this.registry = registry != null ? registry : new RegistryReleases(config, target.version(),
                project.git().releasedVersions(), project.env(), options.credentials(), events);
    }

    /** The usage errors of an update, found before any repository is touched. */
    public static void validate(Project project) {
        PpctlConfig config = project.config();
        if (config.consumers().isEmpty()) {
            throw PpctlException.usage("no consumers configured: add a 'consumers:' list to " + project.configFile().getFileName()
                    + " (name, repo, files, and optionally branch)");
        }
        if (config.registries().isEmpty()) {
            throw PpctlException.usage("no registries configured: consumers reference the image by its registry "
                    + "repository (registries[].repository)");
        }
    }

    public static Result run(Project project, Options options, EventBus events) {
        validate(project);
        return new ConsumerUpdate(project, options, events, null).run();
    }

    Result run() {
        List<Outcome> outcomes = new ArrayList<>();
        for (ConsumerConfig c : project.config().consumers()) {
            Outcome o = update(c);
            events.debug("consumer " + c.name() + ": " + o.status() + (o.reason() == null ? "" : " (" + o.reason() + ")"));
            outcomes.add(o);
        }
        return new Result(image, target.version().toString(), target.source(), branch, options.dryRun(), List.copyOf(outcomes));
    }

    private Outcome update(ConsumerConfig c) {
        String url = ConsumerFiles.remoteUrl(project, c.repo());
        String shown = GitUrls.redact(c.repo());
        List<String> warnings = new ArrayList<>();
        String base = c.branch();
        try (ConsumerClone clone = ConsumerClone.create(c.name(), url)) {
            ConsumerClone.Remote remote = clone.open(base, branch);
            base = remote.base();
            ConsumerFiles files = ConsumerFiles.select(clone, c.files());
            for (String glob : files.unmatched()) {
                String w = "consumer " + c.name() + ": '" + glob + "' matches no file on " + base;
                warnings.add(w);
                events.warn(w);
            }
            UpdateRules.Decision d = UpdateRules.decide(files.references(scanner), target.version(), tags, registry,
                    options.allowMajor());
            if (d.status() != UpdateRules.Status.UPDATE) {
                String status = switch (d.status()) {
                    case UP_TO_DATE -> UP_TO_DATE;
                    case SKIPPED -> SKIPPED;
                    default -> NO_REFERENCE;
                };
                return new Outcome(c.name(), shown, status, d.reason(), base, null, d.referenced(), List.of(), null, null, null, null,
                        List.copyOf(warnings));
            }
            if (remote.has(branch) && !options.force()) {
                throw new PpctlException(ExitCode.CHECK_FAILED, "branch " + branch + " exists in " + clone.shown()
                        + " already (--force replaces it)");
            }
            Map<String, Integer> counts = files.apply(clone, d.edits());
            List<FileChange> changed = fileChanges(d.edits());
            String compare = CompareUrl.of(c.repo(), base, branch).orElse(null);
            if (options.dryRun()) {
                return new Outcome(c.name(), shown, WOULD_UPDATE, null, base, branch, d.from(), changed, null, null,
                        clone.diff(), null, List.copyOf(warnings));
            }
            clone.commit(List.copyOf(counts.keySet()), message(d.from(), counts));
            clone.push(branch, options.force());
            return new Outcome(c.name(), shown, UPDATED, null, base, branch, d.from(), changed, compare,
                    clone.head().orElse(null), null, null, List.copyOf(warnings));
        } catch (PpctlException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            String reason = e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")");
            return new Outcome(c.name(), shown, FAILED, reason, base, null, List.of(), List.of(), null, null, null,
                    e.exitCode().code(), List.copyOf(warnings));
        }
    }

    private String message(List<String> from, Map<String, Integer> counts) {
        List<String> since = from.isEmpty() ? List.of() : changes.computeIfAbsent(from.get(0),
                f -> target.changesSince(project, Version.of(f)));
        boolean known = from.isEmpty() || target.knows(project, Version.of(from.get(0)));
        return CommitMessage.of(image, from, target.version().toString(), counts, since, known);
    }

    private static List<FileChange> fileChanges(List<UpdateRules.Edit> edits) {
        Map<String, List<Change>> byFile = new LinkedHashMap<>();
        for (UpdateRules.Edit e : edits) {
            byFile.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(new Change(e.ref().line(), e.ref().text(), e.replacement()));
        }
        return byFile.entrySet().stream().map(x -> new FileChange(x.getKey(), List.copyOf(x.getValue()))).toList();
    }

    /** The last part of image.name: policy-platform for acme/policy-platform. */
    static String imageName(PpctlConfig config) {
        String n = config.image().name();
        return n.substring(n.lastIndexOf('/') + 1);
    }
}
