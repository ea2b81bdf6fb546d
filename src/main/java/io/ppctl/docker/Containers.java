package io.ppctl.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.ppctl.core.Cleanup;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts labelled containers whose removal is registered with {@link Cleanup} before they run. */
public final class Containers {
    private final DockerSession session;

    Containers(DockerSession session) {
        this.session = session;
    }

    /** Creates and starts a container; close the handle to remove it. */
    public RunningContainer start(ContainerSpec spec) {
        String id = create(spec);
        RunningContainer c = new RunningContainer(session, id, spec,
                Cleanup.global().register("container " + id.substring(0, 12), () -> session.removeContainer(id)));
        try {
            session.client().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            c.close();
            throw DockerErrors.wrap("starting a container from " + spec.image(), e);
        }
        return c;
    }

    /**
     * Runs a container to completion and removes it: the {@code docker run --rm} of ppctl.
     * On timeout the container is killed and the result says {@code timedOut}.
     */
    public ExecResult run(ContainerSpec spec, Duration timeout) {
        try (RunningContainer c = start(spec)) {
            return c.awaitExit(timeout);
        }
    }

    private String create(ContainerSpec spec) {
        DockerClient client = session.client();
        Map<String, String> labels = Labels.forRun(spec.purpose());
        HostConfig host = HostConfig.newHostConfig();
        if (!spec.binds().isEmpty()) {
            List<Bind> binds = new ArrayList<>();
            for (ContainerSpec.Bind b : spec.binds()) {
                binds.add(new Bind(b.hostPath().toAbsolutePath().toString(), new Volume(b.containerPath()),
                        b.readOnly() ? AccessMode.ro : AccessMode.rw));
            }
            host.withBinds(binds);
        }
        try (CreateContainerCmd cmd = client.createContainerCmd(spec.image())) {
            // ppctl's containers are throw-away, and a keep-alive `sleep` as PID 1 ignores SIGTERM: stopping one (a daemon
            // shutting down, docker stop) would wait 10 s for nothing. SIGKILL ends it at once.
            cmd.withLabels(labels).withHostConfig(host).withTty(false).withAttachStdout(true).withAttachStderr(true)
                    .withStopSignal("SIGKILL");
            if (spec.entrypoint() != null) {
                cmd.withEntrypoint(spec.entrypoint().isEmpty() ? List.of("") : spec.entrypoint());
            }
            if (!spec.command().isEmpty()) {
                cmd.withCmd(spec.command());
            }
            if (spec.platform() != null) {
                // The containerd image store holds several platforms under one name: say which (API 1.41+).
                cmd.withPlatform(spec.platform());
            }
            return cmd.exec().getId();
        } catch (NotFoundException e) {
            throw new PpctlException(ExitCode.ENVIRONMENT,
                    "image " + spec.image() + " is not available locally (build it first, or check --image)", null, e);
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("creating a container from " + spec.image(), e);
        }
    }
}
