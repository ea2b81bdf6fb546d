package io.ppctl.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ppctl.core.Cleanup;
import io.ppctl.core.PpctlException;
import io.ppctl.core.ExitCode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A started container. Closing it removes it (force), also when it is still running. */
public final class RunningContainer implements AutoCloseable {
    private final DockerSession session;
    private final String id;
    private final ContainerSpec spec;
    private final Cleanup.Handle cleanup;

    RunningContainer(DockerSession session, String id, ContainerSpec spec, Cleanup.Handle cleanup) {
        this.session = session;
        this.id = id;
        this.spec = spec;
        this.cleanup = cleanup;
    }

    public String id() {
        return id;
    }

    /**
     * Runs {@code command} inside the container and collects its output. When it outlives {@code timeout}
     * the result says timedOut; the process may still run, so callers that need it gone kill the container.
     */
    public ExecResult exec(List<String> command, Map<String, String> env, Duration timeout) {
        DockerClient client = session.client();
        long start = System.nanoTime();
        OutputCollector collector = new OutputCollector();
        try {
            ExecCreateCmdResponse exec = client.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withAttachStdout(true).withAttachStderr(true).exec();
            client.execStartCmd(exec.getId()).exec(collector);
            boolean done = collector.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!done) {
                collector.close();
                return new ExecResult(-1, collector.stdout(), collector.stderr(), true, collector.truncated(), took);
            }
            Long code = client.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
            return new ExecResult(code == null ? -1 : code.intValue(), collector.stdout(), collector.stderr(), false,
                    collector.truncated(), took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("running " + String.join(" ", command) + " in " + spec.image(), e);
        }
    }

    /** Waits for the container's main process; on timeout kills the container. Returns its output either way. */
    public ExecResult awaitExit(Duration timeout) {
        DockerClient client = session.client();
        long start = System.nanoTime();
        Integer code;
        boolean timedOut = false;
        try (WaitContainerResultCallback wait = client.waitContainerCmd(id).exec(new WaitContainerResultCallback())) {
            code = wait.awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (com.github.dockerjava.api.exception.DockerClientException e) {
            if (String.valueOf(e.getMessage()).contains("timeout")) {
                timedOut = true;
                code = -1;
                kill();
            } else {
                throw DockerErrors.wrap("waiting for a container of " + spec.image(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("waiting for a container of " + spec.image(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        OutputCollector logs = logs();
        return new ExecResult(code == null ? -1 : code, logs.stdout(), logs.stderr(), timedOut, logs.truncated(), took);
    }

    /** What the main process printed so far (both streams), for telling why it ended; empty when unreadable. */
    public String logText() {
        try {
            OutputCollector logs = logs();
            return logs.stdout() + logs.stderr();
        } catch (PpctlException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            return "";
        }
    }

    /** Kills the main process (SIGKILL); harmless when it already ended. */
    public void kill() {
        try {
            session.client().killContainerCmd(id).exec();
        } catch (RuntimeException ignored) {
            // it may have exited on its own meanwhile
        }
    }

    /**
     * Copies files into {@code dir} (absolute) inside the container: name (relative path) to content, mode 0644.
     * Missing folders are created (the archive is unpacked at / with full paths), world-writable so any user can use them.
     */
    public void copyIn(String dir, Map<String, byte[]> files) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String base = dir.replaceAll("^/+", "").replaceAll("/+$", "");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            java.util.Set<String> dirs = new java.util.TreeSet<>();
            for (String name : files.keySet()) {
                String path = base.isEmpty() ? name : base + "/" + name;
                for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                    dirs.add(path.substring(0, i) + "/");
                }
            }
            for (String d : dirs) {
                TarArchiveEntry entry = new TarArchiveEntry(d);
                entry.setMode(041777); // like /tmp: any user may write, nobody may delete what others wrote
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(base.isEmpty() ? f.getKey() : base + "/" + f.getKey());
                entry.setSize(f.getValue().length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            session.client().copyArchiveToContainerCmd(id).withRemotePath("/")
                    .withTarInputStream(new ByteArrayInputStream(buf.toByteArray())).exec();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("copying files into " + dir + " of a container", e);
        }
    }

    /** The content of a regular file inside the container, or empty when there is none at {@code path}. */
    public Optional<byte[]> readFile(String path, int maxBytes) {
        try (InputStream in = session.client().copyArchiveFromContainerCmd(id, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null || !entry.isFile()) {
                return Optional.empty();
            }
            return Optional.of(tar.readNBytes(maxBytes));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("reading " + path + " from a container", e);
        }
    }

    private OutputCollector logs() {
        OutputCollector collector = new OutputCollector();
        try {
            session.client().logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(collector).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("reading a container's output", e);
        }
        return collector;
    }

    /** Removes the container (force). */
    @Override
    public void close() {
        cleanup.close();
    }
}
