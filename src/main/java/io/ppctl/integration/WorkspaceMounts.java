package io.ppctl.integration;

import io.ppctl.config.IntegrationCase;
import io.ppctl.docker.ContainerSpec;
import io.ppctl.project.Project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The project files an integration case may see: exactly the ./paths the cases name, each bound read-only at
 * /workspace/PATH. Never the project folder itself, never a .git (a CI checkout keeps its token in .git/config,
 * and any binary in the image under test could read it), never a path that leaves the project through a link.
 */
public final class WorkspaceMounts {
    /** How far a named folder is searched for a .git inside it. */
    private static final int MAX_DEPTH = 16;

    private WorkspaceMounts() {}

    /** What a named ./path may not be, one problem per path; empty when every named path can be mounted. */
    public static List<String> problems(Project project, List<IntegrationCase> cases) {
        List<String> problems = new ArrayList<>();
        for (IntegrationCase c : cases) {
            for (String p : named(c)) {
                String why = refuse(project, p);
                if (why != null) {
                    problems.add("integration case '" + c.name() + "': " + p + " " + why);
                }
            }
        }
        return problems;
    }

    /** The read-only binds for every named ./path; a path inside another named folder is visible through it. */
    public static List<ContainerSpec.Bind> binds(Project project, List<IntegrationCase> cases) {
        TreeMap<String, Path> byRelative = new TreeMap<>();
        for (IntegrationCase c : cases) {
            for (String p : named(c)) {
                Path resolved = project.dir().resolve(p).normalize();
                byRelative.put(project.dir().relativize(resolved).toString(), realPath(resolved));
            }
        }
        List<ContainerSpec.Bind> binds = new ArrayList<>();
        String parent = null;
        for (var e : byRelative.entrySet()) {
            if (parent != null && e.getKey().startsWith(parent + "/")) {
                continue;
            }
            parent = e.getKey();
            binds.add(new ContainerSpec.Bind(e.getValue(), IntegrationCommands.WORKSPACE + "/" + e.getKey(), true));
        }
        return binds;
    }

    /** A digest of the named files' paths and contents: a changed values file is another configuration for the gate. */
    public static String contentDigest(Project project, List<IntegrationCase> cases) {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (ContainerSpec.Bind b : binds(project, cases)) {
            try (Stream<Path> s = Files.walk(b.hostPath(), MAX_DEPTH)) {
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    sha.update((b.containerPath() + "/" + b.hostPath().relativize(f) + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    sha.update(Files.readAllBytes(f));
                }
            } catch (IOException | UncheckedIOException e) {
                sha.update(("unreadable " + b.containerPath()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static List<String> named(IntegrationCase c) {
        List<String> all = new ArrayList<>(List.of(c.chart(), c.policies()));
        all.addAll(c.values());
        return all.stream().filter(p -> p.startsWith("./")).toList();
    }

    private static String refuse(Project project, String p) {
        Path resolved = project.dir().resolve(p).normalize();
        if (!resolved.startsWith(project.dir()) || !Files.exists(resolved)) {
            return "does not exist in the project " + project.dir();
        }
        if (resolved.equals(project.dir())) {
            return "is the whole project folder (with its .git); name the chart, values or policies folder itself";
        }
        for (Path part : project.dir().relativize(resolved)) {
            if (part.toString().equals(".git")) {
                return "is inside .git; integration cases never see git's files";
            }
        }
        Path real = realPath(resolved);
        if (!real.startsWith(realPath(project.dir()))) {
            return "is a link to " + real + ", outside the project; only project files are mounted";
        }
        if (Files.isDirectory(real)) {
            try (Stream<Path> s = Files.walk(real, MAX_DEPTH)) {
                if (s.anyMatch(f -> f.getFileName().toString().equals(".git"))) {
                    return "holds a .git; integration cases never see git's files (name a folder without one)";
                }
            } catch (IOException | UncheckedIOException e) {
                return "cannot be read: " + e.getMessage();
            }
        }
        return null;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
