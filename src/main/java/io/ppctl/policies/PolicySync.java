package io.ppctl.policies;

import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.project.Project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ppctl policies sync}: makes every policies/&lt;name&gt; hold exactly the tree policies.lock pins. It never
 * moves a pin (that is {@link PolicyUpdate}), fetches only commits the cache lacks, refuses to overwrite local edits
 * without --force, and changes policies/ all at once or not at all. A repo that ppctl.yaml lists and the lock lacks
 * is pinned first (as helm, npm and cargo add what is new and keep every existing pin), unless {@code locked}
 * (--locked, CI=true): then a missing pin is refused, as any other difference between the lock and ppctl.yaml is.
 */
public final class PolicySync {

    /** What happened to one repo: in sync (nothing written), written (it was missing or outdated), or local edits discarded. */
    public record RepoResult(String name, String ref, String commit, String status, List<String> discarded) {}

    /**
     * {@code pinned}: the repos this sync pinned because the lock lacked them; {@code level} and
     * {@code suggestedVersion} the bump they imply (null when none was pinned or VERSION is unreadable).
     */
    public record Result(List<RepoResult> repos, List<PolicyUpdate.RepoChange> pinned, String level, String version,
                         String suggestedVersion) {
        public boolean changed() {
            return repos.stream().anyMatch(r -> !r.status().equals(IN_SYNC));
        }
    }

    public static final String IN_SYNC = "in sync";
    public static final String WRITTEN = "written";
    public static final String DISCARDED = "local edits discarded";

    private PolicySync() {}

    public static Result run(Project project, boolean force, boolean locked, EventBus events) {
        PolicyWorkspace ws = PolicyWorkspace.open(project);
        if (ws.nothingPinned()) {
            return new Result(List.of(), List.of(), null, null, null);
        }
        PolicyUpdate.Result added = null;
        List<String> unpinned = ws.unpinned();
        if (!unpinned.isEmpty() && !locked && ws.disagreements().size() == unpinned.size()) {
            // Only pins to add: every existing pin stays where it is (the update is limited to the new names).
            added = PolicyUpdate.run(project, new PolicyUpdate.Options(unpinned, null, force, false, false), events);
            ws = PolicyWorkspace.open(project);
        }
        ws.requireLockMatchesConfig(locked);
        RepoCache cache = ws.cache();
        SyncState state = SyncState.read(project.stateDir());
        Map<PolicyLock.Entry, Mirror> toWrite = new LinkedHashMap<>();
        Map<String, RepoResult> results = new LinkedHashMap<>();
        List<String> refusals = new ArrayList<>();
        for (PolicyLock.Entry e : ws.lockOrEmpty().repos()) {
            Mirror mirror = cache.mirror(ws.configured.get(e.name()).url());
            PolicyTree pinned = ws.pinnedTree(mirror, e, events);
            Optional<PolicyTree> local = LocalTree.read(ws.folder(e.name()));
            if (local.isPresent() && local.get().digest().equals(e.digest())) {
                results.put(e.name(), new RepoResult(e.name(), e.ref(), e.commit(), IN_SYNC, List.of()));
                continue;
            }
            List<String> edits = local.isEmpty() || state.lastWritten(e.name()).equals(Optional.of(local.get().digest()))
                    ? List.of() : TreeChanges.between(pinned, local.get()).describe();
            if (!edits.isEmpty() && !force) {
                refusals.add("policies/" + e.name() + ": " + PolicyWorkspace.listFiles(edits));
            }
            toWrite.put(e, mirror);
            results.put(e.name(), new RepoResult(e.name(), e.ref(), e.commit(), edits.isEmpty() ? WRITTEN : DISCARDED, edits));
        }
        if (!refusals.isEmpty()) {
            throw PpctlException.checkFailed("local edits would be overwritten in " + String.join("; ", refusals)
                    + " (keep them elsewhere, or rerun with --force to discard them)");
        }
        ws.removeLeftovers(events);
        if (!toWrite.isEmpty()) {
            try (FolderSwap swap = new FolderSwap(ws.policiesDir)) {
                toWrite.forEach((e, mirror) -> PolicyWorkspace.export(mirror, e.name(), e.commit(), e.path(), e.digest(), swap.stage(e.name())));
                swap.apply();
                swap.finish();
            }
            ws.lockOrEmpty().repos().forEach(e -> state.wrote(e.name(), e.digest()));
            state.save();
        }
        return added == null ? new Result(List.copyOf(results.values()), List.of(), null, null, null)
                : new Result(List.copyOf(results.values()), added.repos(), added.level(), added.version(),
                        added.suggestedVersion());
    }
}
