package io.ppctl.policies;

import io.ppctl.config.ConfigEdit;
import io.ppctl.config.PolicyRepoConfig;
import io.ppctl.core.AtomicFile;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Quote;
import io.ppctl.event.EventBus;
import io.ppctl.project.Project;
import io.ppctl.version.BumpLevel;
import io.ppctl.version.Version;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ppctl policies update [NAME...]}: moves each pin to what its ref points to now (a branch's head, the
 * same tag, or with --to another ref), pins repos new in ppctl.yaml and drops repos no longer there, brings
 * policies/ in line, rewrites the lock, and works out the version bump this implies by the project's rules.
 * Everything is resolved and checked before anything is written; then policies/, the lock, ppctl.yaml (--to)
 * and VERSION (--bump) change together or not at all.
 */
public final class PolicyUpdate {

    public record Options(List<String> names, String to, boolean force, boolean bump, boolean dryRun) {}

    /** One repo's change; {@code level} is null when it implies no release. */
    public record RepoChange(String name, String change, String url, String ref, String refKind, String oldCommit,
                             String newCommit, String renamedFrom, List<String> commits, TreeChanges files,
                             String level, String reason, List<String> newerTags) {}

    public record Result(List<RepoChange> repos, String level, String version, String suggestedVersion,
                         boolean versionWritten, boolean lockWritten, boolean dryRun) {}

    public static final String ADDED = "added";
    public static final String RENAMED = "renamed";
    public static final String REMOVED = "removed";
    public static final String UPDATED = "updated";
    public static final String UNCHANGED = "unchanged";

    /** Everything known about one selected repo before anything is written. */
    private static final class Plan {
        final String name;
        final PolicyRepoConfig config;
        final PolicyLock.Entry was;
        final Optional<PolicyTree> local;
        Mirror mirror;
        String ref;
        Mirror.Resolved resolved;
        PolicyTree now;
        PolicyTree before;
        List<String> subjects = List.of();
        List<String> newerTags = List.of();
        String renamedFrom;
        String renamedTo;

        Plan(String name, PolicyRepoConfig config, PolicyLock.Entry was, Optional<PolicyTree> local) {
            this.name = name;
            this.config = config;
            this.was = was;
            this.local = local;
        }

        boolean removal() {
            return config == null;
        }

        PolicyLock.Entry entry() {
            return new PolicyLock.Entry(name, GitUrls.redact(config.url()), ref, resolved.commit(),
                    PolicyPaths.normalize(config.path()), now.digest());
        }

        boolean folderNeedsChange() {
            return removal() ? local.isPresent() : local.isEmpty() || !local.get().digest().equals(now.digest());
        }
    }

    private final Project project;
    private final Options options;
    private final EventBus events;
    private final PolicyWorkspace ws;

    private PolicyUpdate(Project project, Options options, EventBus events) {
        this.project = project;
        this.options = options;
        this.events = events;
        this.ws = PolicyWorkspace.open(project);
    }

    public static Result run(Project project, Options options, EventBus events) {
        return new PolicyUpdate(project, options, events).run();
    }

    private Result run() {
        List<String> selected = selection();
        Version version = options.bump() ? project.version() : null; // a bad VERSION fails before anything changes
        RepoCache cache = ws.cache();
        SyncState state = SyncState.read(project.stateDir());
        List<Plan> plans = new ArrayList<>();
        for (String name : selected) {
            PolicyRepoConfig config = ws.configured.get(name);
            Plan p = new Plan(name, config, ws.lockOrEmpty().get(name).orElse(null), LocalTree.read(ws.folder(name)));
            if (!p.removal()) {
                resolve(p, cache);
            }
            plans.add(p);
        }
        pairRenames(plans);
        refuseLocalEdits(plans, cache, state);

        PolicyLock next = ws.lockOrEmpty();
        for (Plan p : plans) {
            next = p.removal() ? next.without(p.name) : next.with(p.entry());
        }
        List<RepoChange> changes = plans.stream().filter(p -> p.renamedTo == null).map(this::describe).toList();
        Optional<BumpLevel> level = changes.stream().map(RepoChange::level).filter(l -> l != null)
                .map(l -> BumpLevel.valueOf(l.toUpperCase(java.util.Locale.ROOT))).reduce(BumpLevel::max);
        Version current = version != null ? version : currentVersionIfReadable();
        Version suggested = current == null ? null : level.map(l -> current.bump(l, null)).orElse(null);
        boolean lockWritten = false;
        boolean versionWritten = false;
        if (!options.dryRun()) {
            boolean lockChanges = ws.lock.isEmpty() ? !next.repos().isEmpty() : !next.equals(ws.lock.get());
            versionWritten = options.bump() && suggested != null;
            write(plans, next, lockChanges, versionWritten ? suggested : null, state);
            lockWritten = lockChanges;
        }
        return new Result(changes, level.map(BumpLevel::lower).orElse(null), current == null ? null : current.toString(),
                suggested == null ? null : suggested.toString(), versionWritten, lockWritten, options.dryRun());
    }

    private Version currentVersionIfReadable() {
        try {
            return project.version();
        } catch (PpctlException e) {
            return null;
        }
    }

    private List<String> selection() {
        Set<String> known = new TreeSet<>(ws.configured.keySet());
        known.addAll(ws.lockOrEmpty().names());
        List<String> selected = new ArrayList<>(options.names().isEmpty() ? known : new LinkedHashSet<>(options.names()));
        for (String name : selected) {
            if (!known.contains(name)) {
                throw PpctlException.usage("unknown policy repo " + Quote.of(name) + (known.isEmpty()
                        ? ": ppctl.yaml lists no policyRepos" : " (known: " + String.join(", ", known) + ")"));
            }
        }
        if (options.to() != null) {
            if (selected.size() != 1 || !ws.configured.containsKey(selected.get(0)) || options.names().isEmpty()) {
                throw PpctlException.usage("--to moves one repo: name it, e.g. 'ppctl policies update "
                        + (ws.configured.isEmpty() ? "NAME" : ws.configured.keySet().iterator().next()) + " --to v2.4.0'");
            }
            if (options.to().isBlank() || options.to().startsWith("-")) {
                throw PpctlException.usage("--to '" + options.to() + "' is not a ref (a tag, branch or commit)");
            }
        }
        return selected;
    }

    private void resolve(Plan p, RepoCache cache) {
        p.ref = options.to() != null ? options.to() : p.config.ref();
        if (p.ref.startsWith("-")) {
            throw PpctlException.usage(p.name + ": ref '" + p.ref + "' is not a tag, branch or commit");
        }
        p.mirror = cache.mirror(p.config.url());
        String url = p.mirror.displayUrl();
        if (!p.mirror.fetched()) {
            events.log(PolicyWorkspace.STEP, "fetching " + p.name + " from " + url);
            p.mirror.fetch();
        }
        p.resolved = p.mirror.resolve(p.ref).orElseThrow(() -> PpctlException.usage(
                p.name + ": unknown ref '" + p.ref + "': no tag, branch or commit of that name in " + url));
        String path = PolicyPaths.normalize(p.config.path());
        Mirror.Tree tree = p.mirror.readTree(p.resolved.commit(), path, null).orElseThrow(() -> PpctlException.usage(
                p.name + ": path '" + path + "' is not a folder in " + url + " at " + p.ref
                        + " (commit " + p.resolved.commit().substring(0, 7) + ")"));
        PolicyWorkspace.warnSubmodules(p.name, tree, events);
        p.now = tree.tree();
        p.mirror.keep(p.resolved.commit());
        if (p.resolved.kind() == Mirror.Kind.TAG) {
            p.newerTags = p.mirror.newerTags(p.ref);
        }
        if (p.was != null) {
            previous(p);
        }
    }

    /** The tree and history the repo had before: from the cache when the URL is the same, else from the folder. */
    private void previous(Plan p) {
        PolicyLock.Entry w = p.was;
        if (w.url().equals(p.mirror.displayUrl())) {
            if (!p.mirror.hasCommit(w.commit())) {
                p.mirror.fetchCommit(w.commit());
            }
            if (p.mirror.hasCommit(w.commit())) {
                p.before = ws.pinnedTree(p.mirror, w, events);
                p.subjects = p.mirror.subjects(w.commit(), p.resolved.commit());
            }
        }
        if (p.before == null && p.local.isPresent() && p.local.get().digest().equals(w.digest())) {
            p.before = p.local.get();
        }
        if (p.resolved.kind() == Mirror.Kind.TAG && w.ref().equals(p.ref) && !w.commit().equals(p.resolved.commit())) {
            events.warn(p.name + ": tag " + p.ref + " was moved upstream (" + w.shortCommit() + " -> "
                    + p.resolved.commit().substring(0, 7) + "); check that this is intended");
        }
    }

    /** A repo dropped from ppctl.yaml and one added with the same URL and path is one repo renamed. */
    private static void pairRenames(List<Plan> plans) {
        for (Plan gone : plans) {
            if (!gone.removal()) {
                continue;
            }
            for (Plan added : plans) {
                if (!added.removal() && added.was == null && added.renamedFrom == null
                        && GitUrls.redact(added.config.url()).equals(gone.was.url())
                        && PolicyPaths.normalize(added.config.path()).equals(gone.was.path())) {
                    added.renamedFrom = gone.name;
                    gone.renamedTo = added.name;
                    break;
                }
            }
        }
    }

    /**
     * A folder is ppctl's to replace when it holds what the old pin (or ppctl's last write here) put there;
     * anything else is a local edit, refused without --force, with the files named.
     */
    private void refuseLocalEdits(List<Plan> plans, RepoCache cache, SyncState state) {
        List<String> refusals = new ArrayList<>();
        for (Plan p : plans) {
            if (!p.folderNeedsChange() || p.local.isEmpty() || options.force()) {
                continue;
            }
            String digest = p.local.get().digest();
            if ((p.was != null && p.was.digest().equals(digest)) || state.lastWritten(p.name).equals(Optional.of(digest))) {
                continue;
            }
            PolicyTree baseline = p.before != null ? p.before : p.removal() ? cachedTree(p.was, cache) : p.now;
            String what = baseline == null ? "differs from commit " + p.was.shortCommit()
                    : PolicyWorkspace.listFiles(TreeChanges.between(baseline, p.local.get()).describe());
            refusals.add("policies/" + p.name + ": " + what);
        }
        if (!refusals.isEmpty()) {
            throw PpctlException.checkFailed("local edits would be overwritten in " + String.join("; ", refusals)
                    + " (keep them elsewhere, or rerun with --force to discard them)");
        }
    }

    /** The old pinned tree of a removed repo, if the cache has it: no network for a repo that is going away. */
    private static PolicyTree cachedTree(PolicyLock.Entry was, RepoCache cache) {
        return cache.existing(was.url()).filter(m -> m.hasCommit(was.commit()))
                .flatMap(m -> m.readTree(was.commit(), was.path(), null)).map(Mirror.Tree::tree).orElse(null);
    }

    private RepoChange describe(Plan p) {
        if (p.removal()) {
            return new RepoChange(p.name, REMOVED, p.was.url(), p.was.ref(), null, p.was.commit(), null, null, List.of(),
                    null, BumpLevel.MAJOR.lower(), "policy repo removed", List.of());
        }
        String url = p.mirror.displayUrl();
        String kind = p.resolved.kind().name().toLowerCase(java.util.Locale.ROOT);
        String commit = p.resolved.commit();
        if (p.renamedFrom != null) {
            return new RepoChange(p.name, RENAMED, url, p.ref, kind, null, commit, p.renamedFrom, List.of(), null,
                    BumpLevel.MAJOR.lower(), "policy repo renamed from " + p.renamedFrom, p.newerTags);
        }
        if (p.was == null) {
            if (p.local.isEmpty()) {
                return new RepoChange(p.name, ADDED, url, p.ref, kind, null, commit, null, List.of(), null,
                        BumpLevel.MINOR.lower(), "new policy repo", p.newerTags);
            }
            // A folder that was part of the project becomes a pinned repo: only its content change counts.
            TreeChanges files = TreeChanges.between(p.local.get(), p.now);
            return new RepoChange(p.name, ADDED, url, p.ref, kind, null, commit, null, List.of(), files,
                    files.level().map(BumpLevel::lower).orElse(null),
                    files.isEmpty() ? "in-project folder now pinned, same files" : "in-project folder now pinned", p.newerTags);
        }
        if (p.was.commit().equals(commit) && p.was.digest().equals(p.now.digest())) {
            return new RepoChange(p.name, UNCHANGED, url, p.ref, kind, commit, commit, null, List.of(), null, null,
                    "up to date", p.newerTags);
        }
        TreeChanges files = p.before == null ? null : TreeChanges.between(p.before, p.now);
        String level;
        String reason;
        if (files == null) {
            level = p.was.digest().equals(p.now.digest()) ? null : BumpLevel.PATCH.lower();
            reason = level == null ? "new commit, same files" : "policy content changed (old commit no longer available)";
        } else if (!files.moved().isEmpty()) {
            level = BumpLevel.MAJOR.lower();
            reason = "files moved between folders";
        } else {
            level = files.level().map(BumpLevel::lower).orElse(null);
            reason = files.isEmpty() ? "new commit, same files" : "policy content changed";
        }
        return new RepoChange(p.name, UPDATED, url, p.ref, kind, p.was.commit(), commit, null, p.subjects, files,
                level, reason, p.newerTags);
    }

    /** policies/ first (staged, renamed into place), then the files; any failure puts everything back. */
    private void write(List<Plan> plans, PolicyLock next, boolean lockChanges, Version newVersion, SyncState state) {
        List<Plan> folderChanges = plans.stream().filter(Plan::folderNeedsChange).toList();
        if (!folderChanges.isEmpty()) {
            ws.removeLeftovers(events);
        }
        FolderSwap swap = folderChanges.isEmpty() ? null : new FolderSwap(ws.policiesDir);
        List<FileRestore> restores = new ArrayList<>();
        try {
            if (swap != null) {
                for (Plan p : folderChanges) {
                    if (p.removal()) {
                        swap.remove(p.name);
                    } else {
                        PolicyWorkspace.export(p.mirror, p.name, p.resolved.commit(), PolicyPaths.normalize(p.config.path()),
                                p.now.digest(), swap.stage(p.name));
                    }
                }
                swap.apply();
            }
            if (lockChanges) {
                restores.add(FileRestore.of(ws.lockFile));
                LockFile.write(ws.lockFile, next);
            }
            if (options.to() != null) {
                Plan p = plans.get(0);
                if (!options.to().equals(p.config.ref())) {
                    Path config = project.configFile();
                    restores.add(FileRestore.of(config));
                    AtomicFile.write(config, ConfigEdit.withPolicyRepoRef(config.getFileName().toString(),
                            FileRestore.read(config), p.name, options.to()));
                }
            }
            if (newVersion != null) {
                restores.add(FileRestore.of(project.versionFile().path()));
                project.versionFile().write(newVersion);
                project.versionChanged(newVersion);
            }
            if (swap != null) {
                swap.finish();
            }
            restores.forEach(FileRestore::keep);
        } catch (RuntimeException e) {
            for (int i = restores.size() - 1; i >= 0; i--) {
                restores.get(i).restore();
            }
            throw e;
        } finally {
            if (swap != null) {
                swap.close();
            }
        }
        for (Plan p : plans) {
            if (p.removal()) {
                state.removed(p.name);
            } else {
                state.wrote(p.name, p.now.digest());
            }
        }
        state.save();
    }
}
