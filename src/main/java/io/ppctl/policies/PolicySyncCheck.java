package io.ppctl.policies;

import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The check {@code build} and {@code release} run first: policies/ must hold exactly what policies.lock pins, and
 * the lock must pin what ppctl.yaml asks for, or the image would carry policies nobody reviewed. Offline and fast:
 * it compares digests of the folders with the lock and never touches git or the network.
 */
public final class PolicySyncCheck {
    private PolicySyncCheck() {}

    /**
     * Returns a one-line summary, or throws: exit 1 when policies/ or the lock is out of date (naming every repo
     * that differs), exit 2 when the lock is corrupt. A no-op when the project pins no policy repos.
     */
    public static String verify(Project project) {
        PolicyWorkspace ws = PolicyWorkspace.open(project);
        if (ws.nothingPinned()) {
            return "no pinned policy repos";
        }
        ws.requireLockMatchesConfig();
        List<String> differing = new ArrayList<>();
        for (PolicyLock.Entry e : ws.lockOrEmpty().repos()) {
            Optional<PolicyTree> local = LocalTree.read(ws.folder(e.name()));
            if (local.isEmpty()) {
                differing.add(e.name() + " (missing)");
            } else if (!local.get().digest().equals(e.digest())) {
                differing.add(e.name() + " (files differ from " + e.shortCommit() + ")");
            }
        }
        for (Path leftover : FolderSwap.leftovers(ws.policiesDir)) {
            differing.add(leftover.getFileName() + " (left by an interrupted run)");
        }
        if (!differing.isEmpty()) {
            throw PpctlException.checkFailed("policies/ differs from " + LockFile.NAME + ": " + String.join(", ", differing)
                    + " (run 'ppctl policies sync')");
        }
        int n = ws.lockOrEmpty().repos().size();
        return n + " pinned policy repo" + (n == 1 ? "" : "s") + " match " + LockFile.NAME;
    }
}
