package io.ppctl.policies;

import io.ppctl.config.PolicyRepoConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.project.Project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One project's policy repos as the three places see them: what ppctl.yaml asks for, what policies.lock pins,
 * and what is in policies/. Reading it validates the lock (exit 2 when corrupt); nothing is written here.
 */
final class PolicyWorkspace {
    static final String POLICIES_DIR = "policies";
    static final String STEP = "policies";

    final Project project;
    final Path policiesDir;
    final Path lockFile;
    final Map<String, PolicyRepoConfig> configured = new TreeMap<>();
    final Optional<PolicyLock> lock;

    private PolicyWorkspace(Project project) {
        this.project = project;
        this.policiesDir = project.resolve(POLICIES_DIR);
        this.lockFile = LockFile.of(project.dir());
        Map<String, String> folded = new TreeMap<>();
        for (PolicyRepoConfig r : project.config().policyRepos()) {
            String other = folded.put(r.name().toLowerCase(java.util.Locale.ROOT), r.name());
            if (other != null) {
                throw PpctlException.usage(project.configFile().getFileName() + ": policyRepos '" + other + "' and '"
                        + r.name() + "' differ only in case; on macOS and Windows they would share one folder");
            }
            configured.put(r.name(), r);
        }
        this.lock = LockFile.read(lockFile);
    }

    static PolicyWorkspace open(Project project) {
        return new PolicyWorkspace(project);
    }

    PolicyLock lockOrEmpty() {
        return lock.orElse(PolicyLock.EMPTY);
    }

    /** Nothing configured and nothing pinned: the project keeps its policies in plain folders only. */
    boolean nothingPinned() {
        return configured.isEmpty() && lockOrEmpty().repos().isEmpty();
    }

    Path folder(String name) {
        return policiesDir.resolve(name);
    }

    RepoCache cache() {
        return RepoCache.fromEnv(project.env());
    }

    /** Where ppctl.yaml and the lock disagree, one short phrase each; empty when the lock pins exactly what the config asks for. */
    List<String> disagreements() {
        TreeSet<String> names = new TreeSet<>(configured.keySet());
        names.addAll(lockOrEmpty().names());
        return names.stream().map(this::disagreement).flatMap(Optional::stream).toList();
    }

    /** How ppctl.yaml and the lock disagree about {@code name}, if they do. */
    Optional<String> disagreement(String name) {
        String cfg = project.configFile().getFileName().toString();
        PolicyRepoConfig c = configured.get(name);
        Optional<PolicyLock.Entry> pinned = lockOrEmpty().get(name);
        if (pinned.isEmpty()) {
            return c == null ? Optional.empty() : Optional.of(name + " is not pinned yet");
        }
        PolicyLock.Entry e = pinned.get();
        if (c == null) {
            return Optional.of(name + " is pinned but no longer in " + cfg);
        }
        if (!GitUrls.redact(c.url()).equals(e.url())) {
            return Optional.of(name + ": url " + GitUrls.redact(c.url()) + " in " + cfg + ", " + e.url() + " in the lock");
        }
        if (!c.ref().equals(e.ref())) {
            return Optional.of(name + ": ref " + c.ref() + " in " + cfg + ", " + e.ref() + " in the lock");
        }
        if (!PolicyPaths.normalize(c.path()).equals(e.path())) {
            return Optional.of(name + ": path '" + PolicyPaths.normalize(c.path()) + "' in " + cfg + ", '" + e.path() + "' in the lock");
        }
        return Optional.empty();
    }

    /** The repos ppctl.yaml lists that the lock does not pin yet. */
    List<String> unpinned() {
        return configured.keySet().stream().filter(n -> lockOrEmpty().get(n).isEmpty()).toList();
    }

    /** Exit 1 when the lock does not pin what ppctl.yaml asks for: only 'ppctl policies update' may move a pin. */
    void requireLockMatchesConfig() {
        requireLockMatchesConfig(false);
    }

    /** As {@link #requireLockMatchesConfig()}; {@code locked} (CI) names the fix that works there: pin locally, commit. */
    void requireLockMatchesConfig(boolean locked) {
        List<String> d = disagreements();
        if (!d.isEmpty()) {
            String fix = locked && d.size() == unpinned().size()
                    ? " (the lock is locked here (--locked or CI=true): run 'ppctl policies sync' locally and commit "
                    + LockFile.NAME + ")"
                    : " (run 'ppctl policies update' to pin)";
            throw PpctlException.checkFailed((lock.isEmpty() ? "there is no " + LockFile.NAME + " yet: " : LockFile.NAME
                    + " is out of date with " + project.configFile().getFileName() + ": ") + String.join("; ", d) + fix);
        }
    }

    /**
     * The tree a lock entry pins, from the cache (the network only when the commit is missing there), checked
     * against the entry's digest: a lock whose digest does not match its commit was edited by hand (exit 2).
     */
    PolicyTree pinnedTree(Mirror mirror, PolicyLock.Entry e, EventBus events) {
        boolean cached = mirror.hasCommit(e.commit());
        if (!cached && !mirror.fetched()) {
            events.log(STEP, "fetching " + e.name() + " from " + mirror.displayUrl());
            mirror.fetch();
        }
        if (!mirror.hasCommit(e.commit())) {
            mirror.fetchCommit(e.commit());
        }
        if (!mirror.hasCommit(e.commit())) {
            throw LockFile.corrupt(LockFile.NAME + ": commit " + e.commit() + " of " + e.name() + " is not in "
                    + e.url() + " (edited by hand, or removed upstream)");
        }
        Mirror.Tree t = mirror.readTree(e.commit(), e.path(), null).orElseThrow(() -> LockFile.corrupt(LockFile.NAME
                + ": path '" + e.path() + "' of " + e.name() + " is not a folder at commit " + e.shortCommit()));
        if (!t.tree().digest().equals(e.digest())) {
            throw LockFile.corrupt(LockFile.NAME + ": the digest of " + e.name() + " does not match the files of commit "
                    + e.shortCommit() + " (edited by hand?)");
        }
        warnSubmodules(e.name(), t, events);
        if (!cached) {
            mirror.keep(e.commit());
        }
        return t.tree();
    }

    /** Writes the pinned tree into {@code dir} and checks that what was written is what the lock pins. */
    static void export(Mirror mirror, String name, String commit, String path, String digest, Path dir) {
        Mirror.Tree t = mirror.readTree(commit, path, dir)
                .orElseThrow(() -> new IllegalStateException(name + ": " + path + " vanished from " + commit));
        if (!t.tree().digest().equals(digest)) {
            throw new IllegalStateException(name + ": wrote " + t.tree().digest() + ", expected " + digest);
        }
    }

    static void warnSubmodules(String name, Mirror.Tree t, EventBus events) {
        if (!t.submodules().isEmpty()) {
            events.warn(name + ": git submodules are not taken (" + String.join(", ", t.submodules()) + ")");
        }
    }

    /** Plain folders under policies/ that no policyRepos entry or lock entry names: repos kept in the project itself. */
    List<String> inProjectRepos() {
        if (!Files.isDirectory(policiesDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(policiesDir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !configured.containsKey(n) && lockOrEmpty().get(n).isEmpty())
                    .sorted().toList();
        } catch (IOException e) {
            throw PpctlException.usage("cannot list " + policiesDir + ": " + e.getMessage());
        }
    }

    /** Staging folders of a killed ppctl (kill -9): removed before anything new is staged. */
    void removeLeftovers(EventBus events) {
        for (Path p : FolderSwap.leftovers(policiesDir)) {
            events.log(STEP, "removing " + project.dir().relativize(p) + " left by an interrupted run");
            FolderSwap.deleteTree(p);
        }
    }

    /** "a.yaml (changed), b.yaml (added), and 3 more". */
    static String listFiles(List<String> described) {
        int shown = Math.min(described.size(), 8);
        String s = String.join(", ", described.subList(0, shown));
        return described.size() > shown ? s + ", and " + (described.size() - shown) + " more" : s;
    }
}
