package io.ppctl.policies;

import io.ppctl.config.PolicyRepoConfig;
import io.ppctl.project.Project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** {@code ppctl policies list}: every policy repo, where it comes from, its pin, and whether policies/ matches it. Offline. */
public final class PolicyStatus {

    /** {@code source} is "pinned" (a policyRepos entry) or "project" (a plain folder under policies/). */
    public record Repo(String name, String source, String url, String ref, String commit, boolean inSync, String status) {}

    private PolicyStatus() {}

    public static List<Repo> of(Project project) {
        PolicyWorkspace ws = PolicyWorkspace.open(project);
        TreeSet<String> pinnedNames = new TreeSet<>(ws.configured.keySet());
        pinnedNames.addAll(ws.lockOrEmpty().names());
        List<Repo> out = new ArrayList<>();
        for (String name : pinnedNames) {
            PolicyRepoConfig c = ws.configured.get(name);
            Optional<PolicyLock.Entry> e = ws.lockOrEmpty().get(name);
            String url = e.map(PolicyLock.Entry::url).orElseGet(() -> GitUrls.redact(c.url()));
            String ref = c != null ? c.ref() : e.get().ref();
            String commit = e.map(PolicyLock.Entry::commit).orElse(null);
            Optional<String> disagreement = ws.disagreement(name);
            if (disagreement.isPresent()) {
                out.add(new Repo(name, "pinned", url, ref, commit, false, disagreement.get() + " (run 'ppctl policies update')"));
                continue;
            }
            Optional<PolicyTree> local = LocalTree.read(ws.folder(name));
            String status = local.isEmpty() ? "missing (run 'ppctl policies sync')"
                    : local.get().digest().equals(e.get().digest()) ? "in sync"
                    : "differs from the lock (run 'ppctl policies sync')";
            out.add(new Repo(name, "pinned", url, ref, commit, status.equals("in sync"), status));
        }
        for (String name : ws.inProjectRepos()) {
            out.add(new Repo(name, "project", null, null, null, true, "in project"));
        }
        return out;
    }
}
