package io.ppctl.policies;

import io.ppctl.core.Cleanup;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Changes folders under policies/ so that a failure never leaves them half-changed. New trees are written into
 * a staging folder inside policies/ (same file system, so moves are renames); {@link #apply()} then renames each
 * old folder aside and the new one into place, undoing every rename if one fails; {@link #finish()} drops the old
 * folders. Until then {@link #rollback()} restores policies/ exactly; closing without finishing rolls back.
 */
public final class FolderSwap implements AutoCloseable {
    static final String STAGING_PREFIX = ".ppctl-staging-";

    private final Path policiesDir;
    private final boolean createdPoliciesDir;
    private final Path staging;
    private final Cleanup.Handle cleanup;
    private final Map<String, Boolean> planned = new LinkedHashMap<>(); // name -> true: replace, false: remove
    private final List<String> touched = new ArrayList<>();
    private final java.util.Set<String> movedAside = new java.util.HashSet<>();
    private final java.util.Set<String> placed = new java.util.HashSet<>();
    private boolean finished;

    FolderSwap(Path policiesDir) {
        this.policiesDir = policiesDir;
        try {
            this.createdPoliciesDir = !Files.isDirectory(policiesDir);
            Files.createDirectories(policiesDir);
            this.staging = Files.createTempDirectory(policiesDir, STAGING_PREFIX + ProcessHandle.current().pid() + "-");
            Files.createDirectories(staging.resolve("new"));
            Files.createDirectories(staging.resolve("old"));
        } catch (IOException e) {
            throw PpctlException.usage("cannot write in " + policiesDir + ": " + e.getMessage());
        }
        // Ctrl-C or a crash of the command: put everything back and drop the staging folder.
        this.cleanup = Cleanup.global().register("staging folder " + staging, this::rollback);
    }

    /** The empty folder to write {@code name}'s new tree into. */
    Path stage(String name) {
        planned.put(name, true);
        return staging.resolve("new").resolve(name);
    }

    void remove(String name) {
        planned.put(name, false);
    }

    boolean isEmpty() {
        return planned.isEmpty();
    }

    /** Renames the staged trees into place; all or nothing. */
    void apply() {
        try {
            for (Map.Entry<String, Boolean> e : planned.entrySet()) {
                String name = e.getKey();
                Path target = policiesDir.resolve(name);
                touched.add(name);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    move(target, staging.resolve("old").resolve(name));
                    movedAside.add(name);
                }
                if (e.getValue()) {
                    Path staged = staging.resolve("new").resolve(name);
                    if (!Files.exists(staged)) {
                        Files.createDirectories(staged); // a tree with no files at all
                    }
                    move(staged, target);
                    placed.add(name);
                }
            }
        } catch (IOException e) {
            rollback();
            throw PpctlException.usage("cannot update " + policiesDir + ": " + e.getMessage() + " (left unchanged)");
        }
    }

    /** Undoes exactly the renames {@link #apply()} made, newest first, and drops the staging folder. */
    void rollback() {
        if (finished) {
            return;
        }
        List<String> undo = new ArrayList<>(touched);
        java.util.Collections.reverse(undo);
        for (String name : undo) {
            Path target = policiesDir.resolve(name);
            try {
                if (placed.contains(name)) {
                    move(target, staging.resolve("new").resolve(name));
                }
                if (movedAside.contains(name)) {
                    move(staging.resolve("old").resolve(name), target);
                }
            } catch (IOException | RuntimeException ignored) {
                // best effort: keep undoing the others
            }
        }
        touched.clear();
        placed.clear();
        movedAside.clear();
        dropStaging();
    }

    /** Keeps the new state: deletes the old folders. */
    void finish() {
        finished = true;
        dropStaging();
    }

    @Override
    public void close() {
        if (!finished) {
            rollback();
        }
        cleanup.close();
    }

    private void dropStaging() {
        try {
            deleteTree(staging);
        } catch (RuntimeException e) {
            // What matters is done; a staging folder left here is removed by the next sync.
        }
        if (createdPoliciesDir && Files.isDirectory(policiesDir)) {
            try (Stream<Path> s = Files.list(policiesDir)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(policiesDir);
                }
            } catch (IOException ignored) {
                // not empty or gone: either way nothing to undo
            }
        }
    }

    /**
     * Staging folders of a ppctl that was killed (kill -9): nothing else removes them. The folder name carries the
     * process id, so the staging folder of a ppctl still running beside this one is never taken for a leftover.
     */
    static List<Path> leftovers(Path policiesDir) {
        if (!Files.isDirectory(policiesDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(policiesDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX) && !ownerAlive(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean ownerAlive(Path staging) {
        String rest = staging.getFileName().toString().substring(STAGING_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw PpctlException.usage("cannot delete " + root + ": " + e.getMessage());
        }
    }
}
