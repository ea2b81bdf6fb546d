package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Row 22 of issue 15, checked for the whole Docker-backed suite: it leaves no new {@code ppctl-*} entry in the
 * temporary folder and nothing new in the user's ppctl cache ({@code $XDG_CACHE_HOME/ppctl}, else
 * {@code ~/.cache/ppctl}). Maven runs {@code before FILE} in pre-integration-test and {@code check FILE} in
 * post-integration-test, once the test JVMs and their shutdown hooks (which remove the run's images and folders)
 * have ended; a JUnit extension would look before those hooks ran.
 *
 * <p>Other processes share both folders. Only names ppctl and its tests create are looked at ({@code ppctl-*}; the
 * CI's {@code ~/.cache/ppctl-tools} is a sibling, not inside), and only what appeared during the run. What another
 * ppctl run (a test JVM or a ppctl process still alive at the check) may have made cannot be told from a leak, so
 * then the entries are listed as a warning, with that run, instead of failing.
 */
public final class LeftBehind {
    /** Deep enough for the cache's layout (ppctl/trivy/db/..., ppctl/policy-repos/NAME); bounded for a huge one. */
    static final int CACHE_DEPTH = 4;
    static final int MOST = 100_000;

    private LeftBehind() {}

    public static void main(String[] args) {
        if (args.length != 2 || !(args[0].equals("before") || args[0].equals("check"))) {
            System.err.println("usage: LeftBehind before|check FILE");
            System.exit(2);
        }
        Path record = Path.of(args[1]);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path cache = cacheDir(System.getenv(), Path.of(System.getProperty("user.home")));
        try {
            if (args[0].equals("before")) {
                Files.createDirectories(record.toAbsolutePath().getParent());
                Files.write(record, entries(tmp, cache), StandardCharsets.UTF_8);
                return;
            }
            Set<String> before = new TreeSet<>(Files.readAllLines(record, StandardCharsets.UTF_8));
            List<String> left = added(before, entries(tmp, cache));
            Files.deleteIfExists(record);
            if (left.isEmpty()) {
                System.out.println("LeftBehind: nothing new in " + tmp + "/ppctl-* or " + cache);
                return;
            }
            List<String> others = otherRuns(tmp);
            String list = String.join("\n  ", left);
            if (!others.isEmpty()) {
                System.out.println("LeftBehind: WARNING: new since the suite started, left by it or by another ppctl run that is "
                        + "still alive (" + String.join("; ", others) + "):\n  " + list);
                return;
            }
            System.err.println("LeftBehind: the Docker-backed suite left behind (issue 15 row 22: tests write only into "
                    + "their own temporary folders and remove them):\n  " + list);
            System.exit(1);
        } catch (IOException e) {
            System.err.println("LeftBehind: " + e);
            System.exit(2);
        }
    }

    static Path cacheDir(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CACHE_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".cache") : Path.of(xdg)).resolve("ppctl");
    }

    /** The ppctl-* entries of {@code tmp} and everything below {@code cache}, as absolute paths, sorted. */
    static List<String> entries(Path tmp, Path cache) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(tmp)) {
            s.filter(p -> p.getFileName().toString().startsWith("ppctl-")).limit(MOST).forEach(p -> out.add(p.toString()));
        }
        if (Files.isDirectory(cache)) {
            try (Stream<Path> s = Files.walk(cache, CACHE_DEPTH)) {
                s.filter(p -> !p.equals(cache)).limit(MOST).forEach(p -> out.add(p.toString()));
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e.getCause();
                }
                // a folder removed during the walk: by its owner, so not left behind
            }
        }
        return List.copyOf(out);
    }

    /** What is in {@code after} and was not in {@code before}, without entries below a new one (its folder says it). */
    static List<String> added(Set<String> before, List<String> after) {
        List<String> out = new ArrayList<>();
        for (String e : after) {
            if (!before.contains(e) && out.stream().noneMatch(parent -> e.startsWith(parent + "/"))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Test JVMs of another Maven run (their Surefire booter) and ppctl processes that share the temporary folder
     * {@code tmp}, this process and its ancestors aside. scripts/test gives each engine tier a folder of its own
     * ({@code -Djava.io.tmpdir}), so the tiers running beside this one are not taken for it.
     */
    static List<String> otherRuns(Path tmp) {
        Set<Long> mine = new TreeSet<>();
        for (ProcessHandle p = ProcessHandle.current(); p != null; p = p.parent().orElse(null)) {
            mine.add(p.pid());
        }
        List<String> out = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> !mine.contains(p.pid())).forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            if ((cmd.contains("surefirebooter") || cmd.contains("ppctl.jar")) && sharesTemporaryFolder(cmd, tmp)) {
                out.add("pid " + p.pid() + ": " + (cmd.length() > 80 ? cmd.substring(0, 80) + "..." : cmd));
            }
        });
        return out;
    }

    /** Whether a JVM started with {@code commandLine} uses {@code tmp} as its temporary folder (Linux's default: /tmp). */
    static boolean sharesTemporaryFolder(String commandLine, Path tmp) {
        for (String arg : commandLine.split(" ")) {
            if (arg.startsWith("-Djava.io.tmpdir=")) {
                return Path.of(arg.substring("-Djava.io.tmpdir=".length())).normalize().equals(tmp.normalize());
            }
        }
        return tmp.normalize().equals(Path.of("/tmp"));
    }
}
