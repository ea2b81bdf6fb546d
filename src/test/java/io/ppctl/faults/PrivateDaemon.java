package io.ppctl.faults;

import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second dockerd of this test's own, so that a test can stop a daemon in the middle of a command without touching
 * the shared one every other test uses. Everything it has is its own: data root, exec root (its containerd), pid
 * file, socket, an empty config file, a bridge this class creates (never --bridge=none, which deletes the host's
 * docker0), a cgroup parent; it touches no iptables rule and no sysctl. {@link #close()} removes all of it, also
 * what a SIGKILL leaves behind: containerd and its shims, the containers' processes (by cgroup), mounts, cgroups,
 * stale shim sockets, the bridge and the folders.
 */
final class PrivateDaemon implements AutoCloseable {
    private static final Path SHIM_SOCKETS = Path.of("/run/containerd/s");
    private final Path root;
    private final String bridge;
    private final String cgroupParent;
    private final Set<String> shimSocketsBefore;
    private Process process;

    private PrivateDaemon(Path root, String bridge, String cgroupParent, Set<String> shimSocketsBefore) {
        this.root = root;
        this.bridge = bridge;
        this.cgroupParent = cgroupParent;
        this.shimSocketsBefore = shimSocketsBefore;
    }

    /** Creates the bridge and the folders and starts the daemon; on any failure, removes what it created. */
    static PrivateDaemon start() {
        Path root = TestDocker.tempDir("ppctl-dd");
        PrivateDaemon d = new PrivateDaemon(root, "ppd-" + TestDocker.RUN_ID, "/" + TestDocker.prefix() + "-dd", shimSockets());
        try {
            d.createBridge();
            Files.writeString(root.resolve("daemon.json"), "{}\n");
            d.startProcess();
            return d;
        } catch (IOException e) {
            d.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
    }

    /** unix://.../docker.sock, for DOCKER_HOST. */
    String host() {
        return "unix://" + socket();
    }

    long pid() {
        return process.pid();
    }

    /** docker -H this-daemon ARGS; fails the test when docker fails. */
    String docker(String... args) {
        List<String> all = new ArrayList<>(List.of("-H", host()));
        all.addAll(List.of(args));
        return TestDocker.docker(all.toArray(String[]::new));
    }

    /** Copies an image of the shared daemon into this one (docker save | docker load). */
    void load(String image) {
        if (run(List.of("sh", "-c", "docker save \"$1\" | docker -H \"$2\" load", "sh", image, host()), Duration.ofSeconds(60)) != 0) {
            throw new IllegalStateException("could not load " + image + " into the private daemon");
        }
    }

    /** Stops the daemon with SIGTERM (graceful: it stops its containers first) or SIGKILL, and waits until it is gone. */
    void stop(boolean kill) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the daemon again on the same data root (its images stay), after removing what a killed one left: its
     * processes, and the runtime state of its containerd, whose dead shims a new containerd would try to reach
     * until dockerd gives up on it.
     */
    void restart() throws IOException {
        stop(false);
        killLeftovers();
        Path exec = root.resolve("exec");
        List<String> mounts = new ArrayList<>(mountsUnder(exec));
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        mounts.forEach(m -> run(List.of("umount", "-l", m), Duration.ofSeconds(10)));
        TestProject.deleteTree(exec);
        removeStaleShimSockets();
        startProcess();
    }

    @Override
    public void close() {
        try {
            stop(false);
        } finally {
            killLeftovers();
            unmountAll();
            removeCgroups();
            removeStaleShimSockets();
            run(List.of("ip", "link", "delete", bridge), Duration.ofSeconds(10));
            TestProject.deleteTree(root);
        }
    }

    /** What close() must leave: no process, mount, cgroup or bridge of this daemon. Empty when all is gone. */
    List<String> remains() {
        List<String> left = new ArrayList<>(processesUnder(root).stream().map(pid -> "process " + pid).toList());
        left.addAll(mountsUnder(root).stream().map(m -> "mount " + m).toList());
        left.addAll(cgroupDirs().stream().map(c -> "cgroup " + c).toList());
        if (run(List.of("ip", "link", "show", bridge), Duration.ofSeconds(10)) == 0) {
            left.add("bridge " + bridge);
        }
        if (Files.exists(root)) {
            left.add("folder " + root);
        }
        return left;
    }

    private Path socket() {
        return root.resolve("docker.sock");
    }

    private void createBridge() {
        String address = freeSubnet() + ".1/24";
        for (List<String> cmd : List.of(List.of("ip", "link", "add", "name", bridge, "type", "bridge"),
                List.of("ip", "addr", "add", address, "dev", bridge), List.of("ip", "link", "set", bridge, "up"))) {
            if (run(cmd, Duration.ofSeconds(10)) != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed");
            }
        }
    }

    /** A 172.31.N.0/24 that no interface of this machine uses. */
    private static String freeSubnet() {
        String addresses = output(List.of("ip", "-4", "addr"));
        for (int attempt = 0; attempt < 50; attempt++) {
            String net = "172.31." + ThreadLocalRandom.current().nextInt(100, 250);
            if (!addresses.contains(" " + net + ".")) {
                return net;
            }
        }
        throw new IllegalStateException("no free 172.31.N.0/24 for the private daemon's bridge");
    }

    private void startProcess() throws IOException {
        Files.deleteIfExists(root.resolve("docker.pid"));
        process = new ProcessBuilder("dockerd",
                "--data-root", root.resolve("data").toString(),
                "--exec-root", root.resolve("exec").toString(),
                "--pidfile", root.resolve("docker.pid").toString(),
                "--config-file", root.resolve("daemon.json").toString(),
                "-H", host(),
                "--bridge", bridge,
                "--iptables=false", "--ip-masq=false", "--ip-forward=false",
                "--cgroup-parent", cgroupParent,
                "--shutdown-timeout", "2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("dockerd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (TestDocker.tryDocker("-H", host(), "version").exitCode() != 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the private dockerd did not start: " + tail(root.resolve("dockerd.log")));
            }
            sleep(100);
        }
    }

    /** Whether the daemon's socket accepts a connection right now. */
    boolean accepting() {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** containerd, its shims and every process in this daemon's cgroups: a killed dockerd leaves them running. */
    private void killLeftovers() {
        for (int round = 0; round < 3; round++) {
            List<Long> pids = new ArrayList<>(processesUnder(root));
            pids.addAll(cgroupProcesses());
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            sleep(300);
        }
    }

    private void unmountAll() {
        List<String> mounts = new ArrayList<>(mountsUnder(root));
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String m : mounts) {
            run(List.of("umount", "-l", m), Duration.ofSeconds(10));
        }
    }

    private void removeCgroups() {
        List<Path> dirs = new ArrayList<>();
        for (Path top : cgroupDirs()) {
            try (Stream<Path> s = Files.walk(top)) {
                s.filter(Files::isDirectory).forEach(dirs::add);
            } catch (IOException ignored) {
                // gone meanwhile
            }
        }
        dirs.sort(Comparator.comparingInt((Path p) -> p.getNameCount()).reversed());
        for (Path d : dirs) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException ignored) {
                // still busy: remains() reports it
            }
        }
    }

    /** Sockets of shims this daemon's containerd started (and a kill left behind): new since start and dead. */
    private void removeStaleShimSockets() {
        for (String name : shimSockets()) {
            Path p = SHIM_SOCKETS.resolve(name);
            if (!shimSocketsBefore.contains(name) && !listening(p)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // not ours to worry about then
                }
            }
        }
    }

    private static Set<String> shimSockets() {
        try (Stream<Path> s = Files.list(SHIM_SOCKETS)) {
            return new HashSet<>(s.map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static boolean listening(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<Path> cgroupDirs() {
        List<Path> found = new ArrayList<>();
        String name = cgroupParent.substring(1);
        Path base = Path.of("/sys/fs/cgroup");
        if (Files.isDirectory(base.resolve(name))) {
            found.add(base.resolve(name));
        }
        try (Stream<Path> controllers = Files.list(base)) {
            for (Path c : controllers.toList()) {
                if (Files.isDirectory(c.resolve(name))) {
                    found.add(c.resolve(name));
                }
            }
        } catch (IOException ignored) {
            // no cgroup file system here
        }
        return found;
    }

    private List<Long> cgroupProcesses() {
        List<Long> pids = new ArrayList<>();
        for (Path top : cgroupDirs()) {
            try (Stream<Path> s = Files.walk(top)) {
                for (Path procs : s.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                    Files.readAllLines(procs).stream().filter(l -> l.matches("\\d+")).map(Long::parseLong).forEach(pids::add);
                }
            } catch (IOException ignored) {
                // gone meanwhile
            }
        }
        return pids;
    }

    /** Processes whose command line names a path below {@code dir} (dockerd, containerd, shims). */
    private static List<Long> processesUnder(Path dir) {
        String marker = dir + "/";
        return ProcessHandle.allProcesses().filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> {
                    try {
                        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"))).contains(marker);
                    } catch (IOException gone) {
                        return false;
                    }
                }).map(ProcessHandle::pid).toList();
    }

    private static List<String> mountsUnder(Path dir) {
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String point = line.split(" ")[4].replace("\\040", " ");
                if (point.equals(dir.toString()) || point.startsWith(dir + "/")) {
                    mounts.add(point);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mounts;
    }

    private static int run(List<String> cmd, Duration timeout) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String output(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
