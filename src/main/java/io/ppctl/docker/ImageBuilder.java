package io.ppctl.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.ppctl.context.ContextArchive;
import io.ppctl.context.DockerIgnore;
import io.ppctl.context.LabelInstruction;
import io.ppctl.core.Cleanup;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an image with the daemon's classic builder from a context ppctl streams itself ({@link ContextArchive});
 * the labels travel as one LABEL instruction added to the Dockerfile sent ({@link LabelInstruction}).
 * Intermediate containers are removed also when a step fails (forcerm); on Ctrl-C the upload or the build is
 * cancelled and the container of the running step is removed before this returns.
 */
public final class ImageBuilder {
    /** How many output lines of a failed step its error message quotes. */
    static final int TAIL_LINES = 10;
    private static final int MAX_INSTRUCTION = 160;
    private static final java.time.Duration DAEMON_CHECK = java.time.Duration.ofSeconds(2);
    // Docker: "The command '...' returned a non-zero code: 3"; Podman: "building at STEP "RUN ...": while running runtime: exit status 3".
    private static final java.time.Duration CONTAINER_GONE = java.time.Duration.ofSeconds(10);
    private static final Pattern NON_ZERO = Pattern.compile(
            "(?:The command '.*' returned a non-zero code: |building at STEP .*: while running runtime: exit status )(\\d+)\\s*", Pattern.DOTALL);
    private static final Pattern NETWORK = Pattern.compile(
            "dial tcp|no such host|i/o timeout|connection refused|TLS handshake|net/http|network is unreachable");

    /**
     * What to build. {@code dockerfileText} is the Dockerfile as read once for the whole build, so that what is built
     * is what the build's record describes; {@code target} may be empty; labels go on the final image.
     */
    public record Request(Path contextDir, Path dockerfile, String dockerfileText, DockerIgnore ignore, String target,
                          Map<String, String> buildArgs, Map<String, String> labels, boolean noCache, boolean pull,
                          String platform) {}

    private final DockerSession session;

    public ImageBuilder(DockerSession session) {
        this.session = session;
    }

    /** Builds and returns the image (its full sha256:... ID and details); throws a PpctlException that names the failed step. */
    public ImageDetails build(Request request, BuildListener listener) {
        ContextArchive archive;
        try {
            String generated = request.labels().isEmpty() ? null
                    : LabelInstruction.addTo(request.dockerfileText(), request.labels(), request.target());
            archive = new ContextArchive(request.contextDir(), request.dockerfile(), generated, request.ignore(), listener::contextSent);
        } catch (IOException e) {
            throw PpctlException.usage("cannot read the build context " + request.contextDir() + ": " + e.getMessage());
        }
        Callback callback = new Callback(listener);
        try (Cleanup.Handle leftover = Cleanup.global().register("container of the running build step", callback::removeRunningContainer);
             BuildImageCmd cmd = session.client().buildImageCmd(archive)) {
            cmd.withDockerfilePath(archive.dockerfileName(request.dockerfile()))
                    .withRemove(true).withForcerm(true)
                    .withNoCache(request.noCache()).withPull(request.pull());
            if (request.target() != null && !request.target().isEmpty()) {
                cmd.withTarget(request.target());
            }
            request.buildArgs().forEach(cmd::withBuildArg);
            if (request.platform() != null) {
                cmd.withPlatform(request.platform());
            }
            cmd.exec(callback);
            try {
                callback.awaitCompletion();
            } catch (InterruptedException e) {
                archive.abort();
                callback.cancel();
                callback.removeRunningContainer();
                callback.sayWhatKeepsRunning();
                Thread.currentThread().interrupt();
                throw PpctlException.interrupted();
            }
        } finally {
            closeQuietly(archive);
        }
        return session.inspectImage(callback.outcome(archive)).orElseThrow(() -> new PpctlException(ExitCode.ENVIRONMENT,
                "the daemon reported a built image that it cannot find (removed meanwhile?)", null, null));
    }

    /** "Step 4/9: RUN make install" for messages, with a very long instruction cut short. */
    static String stepName(BuildOutput.Step step) {
        String instruction = step.instruction().length() > MAX_INSTRUCTION
                ? step.instruction().substring(0, MAX_INSTRUCTION - 3) + "..." : step.instruction();
        return "Step " + step.number() + "/" + step.total() + ": " + instruction;
    }

    /** The error message for a step that failed: it names the step and quotes the end of its output. */
    static PpctlException stepFailure(BuildOutput.Step step, String daemonError, List<String> tail) {
        String where = step == null ? "the build failed" : "build failed at " + stepName(step);
        Matcher m = NON_ZERO.matcher(daemonError);
        String why = m.matches() ? " (exit code " + m.group(1) + ")" : ": " + daemonError;
        ExitCode code = NETWORK.matcher(daemonError).find() ? ExitCode.ENVIRONMENT : ExitCode.CHECK_FAILED;
        StringBuilder msg = new StringBuilder(where).append(why);
        if (tail.isEmpty()) {
            if (m.matches()) {
                msg.append("; it printed nothing");
            }
        } else {
            msg.append("; the last lines of its output:");
            for (String line : tail) {
                msg.append(System.lineSeparator()).append("    | ").append(line);
            }
        }
        String hint = code == ExitCode.ENVIRONMENT ? "the daemon could not reach a registry to pull a base image" : null;
        return new PpctlException(code, msg.toString(), hint, null);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Follows the daemon's answer: forwards lines, keeps the current step and its last lines, notes the result. */
    private final class Callback extends ResultCallback.Adapter<BuildResponseItem> {
        private final BuildListener listener;
        private final BuildOutput output = new BuildOutput();
        private final Deque<String> tail = new ArrayDeque<>();
        private volatile boolean cancelled;
        private volatile String runningContainer;
        private volatile BuildOutput.Step step;
        private String builtShortId;
        private String error;
        private volatile Throwable failure;

        Callback(BuildListener listener) {
            this.listener = listener;
        }

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            if (cancelled) {
                closeQuietly(this);
            }
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null) {
                output.feed(item.getStream()).forEach(this::handle);
            }
            if (item.getStatus() != null) {
                // a base image being pulled (FROM, or --pull)
                listener.detail((item.getId() == null ? "" : item.getId() + ": ") + item.getStatus());
            }
            if (item.isErrorIndicated()) {
                output.flush().forEach(this::handle);
                String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                error = message == null ? "unknown error" : message.strip();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // Not the template's onError: it logs every error at ERROR level, and ppctl reports errors itself.
            if (failure == null) {
                failure = throwable;
            }
            closeQuietly(this);
        }

        @Override
        public void onComplete() {
            output.flush().forEach(this::handle);
            super.onComplete();
        }

        void cancel() {
            cancelled = true;
            closeQuietly(this);
        }

        void removeRunningContainer() {
            String id = runningContainer;
            if (id != null) {
                try {
                    session.removeContainer(id);
                } catch (PpctlException ignored) {
                    // The daemon removes it too (forcerm); this only makes it immediate.
                }
                // Docker 29 may be removing it already (a conflict above): ppctl ends only once it is gone.
                session.awaitRemoved(id, CONTAINER_GONE);
                runningContainer = null;
            }
        }

        /**
         * Podman runs a RUN step in a container of its builder (buildah), which its Docker API neither names nor lets
         * anyone remove: after Ctrl-C that step runs on until it ends, then Podman removes it. Said, not hidden.
         */
        void sayWhatKeepsRunning() {
            BuildOutput.Step running = step;
            if (running != null && builtShortId == null && running.instruction().regionMatches(true, 0, "RUN", 0, 3)
                    && "Podman".equals(session.engine())) {
                listener.warn("Podman runs " + stepName(running) + " in a container of its builder (buildah), not of its "
                        + "Docker API: ppctl cannot stop or remove it; Podman lets that step finish, then removes it");
            }
        }

        private void handle(BuildOutput.Line line) {
            if (line instanceof BuildOutput.Step s) {
                step = s;
                tail.clear();
                listener.step(s.number(), s.total(), s.instruction());
            } else if (line instanceof BuildOutput.ContainerStarted c) {
                runningContainer = c.id();
                listener.detail("running in container " + c.id());
            } else if (line instanceof BuildOutput.ContainerRemoved c) {
                if (c.id().equals(runningContainer)) {
                    runningContainer = null;
                }
                listener.detail("removed intermediate container " + c.id());
            } else if (line instanceof BuildOutput.Built b) {
                builtShortId = b.shortId();
                listener.detail("built " + b.shortId());
            } else if (line instanceof BuildOutput.Detail d) {
                listener.detail(d.text());
            } else if (line instanceof BuildOutput.Output o) {
                tail.addLast(o.text());
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
                listener.output(o.text());
            }
        }

        /** The short ID of the built image, or the failure as a PpctlException. */
        String outcome(ContextArchive archive) {
            if (archive.failure() != null) {
                throw PpctlException.usage(archive.failure().getMessage());
            }
            if (error != null) {
                // A daemon that is being stopped kills the running step first (exit code 137): that is no failed step.
                if (!session.acceptsConnections(DAEMON_CHECK)) {
                    throw PpctlException.environment("the Docker daemon stopped during the build"
                            + (step == null ? "" : " (at " + stepName(step) + ")"), DockerErrors.DAEMON_HINT, null);
                }
                throw stepFailure(step, error, List.copyOf(tail));
            }
            if (failure != null) {
                throw requestFailure(failure);
            }
            if (builtShortId == null) {
                throw PpctlException.environment("the Docker daemon ended the build without naming an image"
                        + (step == null ? "" : " (last step: " + stepName(step) + ")"), null, null);
            }
            return builtShortId;
        }

        private PpctlException requestFailure(Throwable t) {
            if (t instanceof BadRequestException e) {
                // The daemon refuses a broken Dockerfile or an unknown target before building anything.
                return new PpctlException(ExitCode.USAGE, "the Docker daemon rejected the build: "
                        + DockerErrors.daemonMessage(e), null, e);
            }
            if (t instanceof DockerException e && DockerErrors.daemonMessage(e).contains("Cannot locate specified Dockerfile")) {
                return new PpctlException(ExitCode.USAGE, DockerErrors.daemonMessage(e), null, e);
            }
            return DockerErrors.wrap("building the image", t);
        }
    }
}
