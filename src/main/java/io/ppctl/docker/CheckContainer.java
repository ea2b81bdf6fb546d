package io.ppctl.docker;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Text;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container that stays up while many checks run in it with {@code docker exec}: much cheaper than a
 * container per check. Its main process is {@code sleep}, bounded by {@code lifetime}, so a container orphaned
 * by a killed ppctl stops by itself (and carries ppctl's labels for cleanup).
 * <p>
 * Closing an exec stream does not stop the process, and the Engine API cannot kill an exec. So every check runs
 * with a marker variable {@value #MARKER}=&lt;random id&gt; in its environment; on timeout a small shell loop finds
 * every process whose environment holds that marker (the check and everything it started, since children inherit
 * the environment) and kills it with SIGKILL. That needs {@code sh}, {@code grep} and {@code kill} in the image
 * (busybox has them) and nothing else; the check itself is exec'd directly, without a shell.
 */
public final class CheckContainer implements AutoCloseable {
    public static final String MARKER = "PPCTL_CHECK";
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    /** Under emulation a first exec starts QEMU too: seconds on a loaded machine, not minutes. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Runs as the container's user; kills every process carrying the marker, twice in case one forked meanwhile. */
    private static final String KILL_SCRIPT = "for round in 1 2; do for f in /proc/[0-9]*/environ; do "
            + "if grep -q \"" + MARKER + "=$1\" \"$f\" 2>/dev/null; then p=${f#/proc/}; kill -9 \"${p%/environ}\" 2>/dev/null; fi; "
            + "done; done; true";

    private final RunningContainer container;
    private final String image;

    private CheckContainer(RunningContainer container, String image) {
        this.container = container;
        this.image = image;
    }

    /**
     * Starts {@code spec} (its image, labels, binds, user) with the entrypoint replaced by {@code sleep}.
     * An image without {@code sleep} gets a clear error instead of the runtime's.
     */
    public static CheckContainer start(DockerSession docker, ContainerSpec spec, Duration lifetime) {
        long seconds = Math.max(60, lifetime.toSeconds());
        ContainerSpec keepAlive = spec.withEntrypoint(List.of("sleep")).withCommand(List.of(Long.toString(seconds)));
        try {
            RunningContainer started = docker.containers().start(keepAlive);
            if (spec.platform() != null) {
                requireRunnable(started, spec);
            }
            return new CheckContainer(started, spec.image());
        } catch (PlatformNotRunnable e) {
            throw e;
        } catch (PpctlException e) {
            if (spec.platform() != null && PlatformNotRunnable.isExecFormatError(e.getMessage())) {
                // Podman's runtime refuses the start itself.
                throw new PlatformNotRunnable(spec.platform(), spec.image());
            }
            if (missingExecutable(e)) {
                throw new PpctlException(ExitCode.CHECK_FAILED, "the image " + spec.image() + " has no 'sleep' executable: ppctl keeps "
                        + "one container alive with it to run every check in (the policy platform image is busybox-based and has it)",
                        null, e);
            }
            throw e;
        }
    }

    /**
     * An image of another architecture starts (the runtime only fails at exec) and its keep-alive then dies with "exec
     * format error" where there is no emulation: a first exec tells, before any check could blame the image.
     */
    private static void requireRunnable(RunningContainer container, ContainerSpec spec) {
        String seen;
        try {
            ExecResult probe = container.exec(List.of("sleep", "0"), Map.of(), PROBE_TIMEOUT);
            if (probe.exitCode() == 0) {
                return;
            }
            seen = probe.stdout() + probe.stderr();
        } catch (PpctlException e) {
            seen = e.getMessage();
        }
        String logs = container.logText();
        if (PlatformNotRunnable.isExecFormatError(seen) || PlatformNotRunnable.isExecFormatError(logs)) {
            container.close();
            throw new PlatformNotRunnable(spec.platform(), spec.image());
        }
    }

    /**
     * Runs {@code command} (exec form, no shell) with {@code env}. When it outlives {@code timeout} it and every process
     * it started are killed, and the result says timedOut; whatever it printed until then is kept.
     */
    public ExecResult run(List<String> command, Map<String, String> env, Duration timeout) {
        String marker = HexFormat.of().formatHex(randomBytes());
        Map<String, String> withMarker = new LinkedHashMap<>(env);
        withMarker.put(MARKER, marker);
        ExecResult result = container.exec(command, withMarker, timeout);
        if (result.timedOut()) {
            kill(marker);
        }
        return result;
    }

    /** Copies files into {@code dir} inside the container (see {@link RunningContainer#copyIn}). */
    public void copyIn(String dir, Map<String, byte[]> files) {
        container.copyIn(dir, files);
    }

    private void kill(String marker) {
        ExecResult r = container.exec(List.of("sh", "-c", KILL_SCRIPT, "sh", marker), Map.of(), KILL_TIMEOUT);
        if (r.exitCode() != 0) {
            // Without a shell the runaway process cannot be found; stop the whole container so nothing keeps running.
            container.kill();
            throw new PpctlException(ExitCode.CHECK_FAILED, "a check in " + image + " timed out and could not be killed ("
                    + Text.firstLine((r.stdout() + r.stderr()).strip()) + "); ppctl needs sh, grep and kill in the image for that",
                    null, null);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }

    private static boolean missingExecutable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("executable file not found") || m.contains("exec: \"sleep\"")) {
                return true;
            }
        }
        return false;
    }

    /** Removes the container (force), also when checks are still running in it. */
    @Override
    public void close() {
        container.close();
    }
}
