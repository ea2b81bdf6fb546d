package io.ppctl.pipeline;

import io.ppctl.core.Cleanup;
import io.ppctl.docker.DockerClientFactory;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.Labels;
import io.ppctl.event.EventBus;
import io.ppctl.project.Project;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a step needs: the project, the event bus, the Docker connection (opened on first use, so steps
 * and commands that never touch Docker never wait for it), and the results of earlier steps.
 */
public final class StepContext implements AutoCloseable {
    private final Project project;
    private final EventBus events;
    private final Map<Key<?>, Object> values = new ConcurrentHashMap<>();
    /** The context a per-platform run was made from: it owns the Docker connection. */
    private final StepContext parent;
    private DockerSession docker;
    private Cleanup.Handle sweep;

    public StepContext(Project project, EventBus events) {
        this(project, events, null);
    }

    private StepContext(Project project, EventBus events, StepContext parent) {
        this.project = project;
        this.events = events;
        this.parent = parent;
    }

    /**
     * A context for one part of a step's work ({@link Step#parts}): it sees what the steps before put here and
     * {@code value} under {@code key}, keeps what the step puts in it to itself (that part's report), and shares the
     * project, the events and the Docker connection.
     */
    public <T> StepContext forPart(Key<T> key, T value) {
        StepContext child = new StepContext(project, events, this);
        child.values.putAll(values);
        child.put(key, value);
        return child;
    }

    public Project project() {
        return project;
    }

    public EventBus events() {
        return events;
    }

    /** The Docker connection, opened (and the daemon pinged) on first call. */
    public synchronized DockerSession docker() {
        if (parent != null) {
            return parent.docker();
        }
        if (docker == null) {
            docker = DockerClientFactory.connect(project.env());
            DockerSession d = docker;
            // A Ctrl-C can land between "create container" and the answer with its ID, so no undo action knows it:
            // sweeping by this run's session label at the end catches such containers too.
            sweep = Cleanup.global().register("containers of this run",
                    () -> d.containersWithLabel(Labels.SESSION, Labels.sessionId())
                            .forEach(d::removeContainer));
        }
        return docker;
    }

    public <T> void put(Key<T> key, T value) {
        values.put(key, value);
    }

    public <T> Optional<T> get(Key<T> key) {
        return Optional.ofNullable(key.type().cast(values.get(key)));
    }

    public <T> T require(Key<T> key) {
        return get(key).orElseThrow(() -> new IllegalStateException("no " + key.name() + " in the step context"));
    }

    @Override
    public synchronized void close() {
        if (parent == null && docker != null) {
            sweep.close();
            docker.close();
            docker = null;
        }
    }
}
