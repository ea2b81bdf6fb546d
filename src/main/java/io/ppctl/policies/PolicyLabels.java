package io.ppctl.policies;

import io.ppctl.project.Project;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The image labels that answer "which policy versions are inside": per policy repo
 * {@code io.ppctl.policy.<name>.commit}, plus {@code .ref} and {@code .source} (the URL, without credentials).
 * A pinned repo gets its pinned commit; an in-project repo (a plain folder under policies/ with no lock entry)
 * gets the project's own commit with source {@code project}, since that commit is what versions its files.
 */
public final class PolicyLabels {
    public static final String PREFIX = "io.ppctl.policy.";
    public static final String PROJECT_SOURCE = "project";

    /** One policy repo as the labels of an image describe it. */
    public record PolicyVersion(String name, String commit, String ref, String source) {}

    private PolicyLabels() {}

    /** The labels for an image built from {@code project} now (call {@link PolicySyncCheck#verify} first). */
    public static SortedMap<String, String> labels(Project project) {
        PolicyWorkspace ws = PolicyWorkspace.open(project);
        SortedMap<String, String> out = new TreeMap<>();
        for (PolicyLock.Entry e : ws.lockOrEmpty().repos()) {
            out.put(PREFIX + e.name() + ".commit", e.commit());
            out.put(PREFIX + e.name() + ".ref", e.ref());
            out.put(PREFIX + e.name() + ".source", e.url());
        }
        String projectCommit = project.git().commit();
        for (String name : ws.inProjectRepos()) {
            if (projectCommit != null) {
                out.put(PREFIX + name + ".commit", projectCommit);
            }
            out.put(PREFIX + name + ".source", PROJECT_SOURCE);
        }
        return out;
    }

    /** Reads the policy versions back from an image's labels, for release reports. */
    public static SortedMap<String, PolicyVersion> fromImageLabels(Map<String, String> imageLabels) {
        SortedMap<String, PolicyVersion> out = new TreeMap<>();
        for (String key : imageLabels.keySet()) {
            int dot = key.lastIndexOf('.');
            if (key.startsWith(PREFIX) && dot > PREFIX.length()) {
                String name = key.substring(PREFIX.length(), dot);
                out.put(name, new PolicyVersion(name, imageLabels.get(PREFIX + name + ".commit"),
                        imageLabels.get(PREFIX + name + ".ref"), imageLabels.get(PREFIX + name + ".source")));
            }
        }
        return out;
    }
}
