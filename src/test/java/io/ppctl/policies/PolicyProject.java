package io.ppctl.policies;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A project that pins policy repos, with its own repo cache, and ppctl run in-process on it. */
final class PolicyProject implements AutoCloseable {
    final TestProject project;
    final Path cache;

    private PolicyProject(TestProject project, Path cache) {
        this.project = project;
        this.cache = cache;
    }

    static PolicyProject create() {
        try {
            TestProject p = TestProject.git().write("VERSION", "v1.2.3\n").write("Dockerfile", "FROM scratch\n");
            return new PolicyProject(p, Files.createTempDirectory("ppctl-cache"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ppctl.yaml with these repos; each is "name url ref [path]". */
    PolicyProject repos(String... repos) {
        StringBuilder yaml = new StringBuilder("# policy repos of this image\npolicyRepos:\n");
        for (String r : repos) {
            String[] f = r.split(" ");
            yaml.append("  - name: ").append(f[0]).append("\n    url: ").append(f[1]).append("   # upstream\n    ref: ")
                    .append(f[2]).append("\n");
            if (f.length > 3) {
                yaml.append("    path: ").append(f[3]).append("\n");
            }
        }
        project.write("ppctl.yaml", yaml.toString());
        return this;
    }

    /** Runs ppctl in the project, outside CI (CI=false whatever the machine says: CI=true locks the lock). */
    CliResult ppctl(String... args) {
        return ppctl(Map.of(), args);
    }

    CliResult ppctl(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("-C", project.dir().toString()));
        all.addAll(List.of(args));
        Map<String, String> e = new java.util.HashMap<>(Map.of(RepoCache.ENV_CACHE_DIR, cache.toString(), "CI", "false"));
        e.putAll(env);
        return Cli.run(e, all.toArray(String[]::new));
    }

    Path dir() {
        return project.dir();
    }

    String read(String path) {
        return project.read(path);
    }

    /**
     * Every entry below the project (folders, files, links) with its content, mode and modification time: equal
     * before and after a command only when the command left everything byte for byte as it was.
     */
    List<String> exactState() {
        Path root = project.dir();
        try (Stream<Path> s = Files.walk(root)) {
            List<String> out = new ArrayList<>();
            for (Path p : s.filter(p -> !root.relativize(p).startsWith(".git")).sorted().toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.add(rel + " -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    out.add(rel + "/");
                } else {
                    out.add(rel + " " + PolicyTree.contentHash(Files.readAllBytes(p)) + " "
                            + Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS) + " " + Files.getLastModifiedTime(p));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        project.close();
        TestProject.deleteTree(cache);
    }
}
