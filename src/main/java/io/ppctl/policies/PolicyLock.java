package io.ppctl.policies;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What policies.lock pins: per repo the URL, the ref asked for, the commit it resolved to and the digest of the files taken. */
public record PolicyLock(List<Entry> repos) {

    /** One pinned repo. {@code url} never carries credentials; {@code path} is normalised ("" for the whole repo). */
    public record Entry(String name, String url, String ref, String commit, String path, String digest) {
        public String shortCommit() {
            return commit.substring(0, 7);
        }
    }

    public static final PolicyLock EMPTY = new PolicyLock(List.of());

    public PolicyLock {
        List<Entry> sorted = new ArrayList<>(repos);
        sorted.sort(Comparator.comparing(Entry::name));
        repos = List.copyOf(sorted);
    }

    public Optional<Entry> get(String name) {
        return repos.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return repos.stream().map(Entry::name).toList();
    }

    /** This lock with {@code entry} added, or replacing the entry of the same name. */
    public PolicyLock with(Entry entry) {
        List<Entry> out = new ArrayList<>(without(entry.name()).repos);
        out.add(entry);
        return new PolicyLock(out);
    }

    public PolicyLock without(String name) {
        return new PolicyLock(repos.stream().filter(e -> !e.name().equals(name)).toList());
    }
}
