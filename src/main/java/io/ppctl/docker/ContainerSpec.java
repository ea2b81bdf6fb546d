package io.ppctl.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a container. Immutable; the with* methods return a changed copy.
 * {@code purpose} becomes the io.ppctl.purpose label (smoke-test, integration-test, scan, ...).
 */
public record ContainerSpec(String image, String purpose, List<String> entrypoint, List<String> command, List<Bind> binds) {

    /** A host path mounted into the container. */
    public record Bind(Path hostPath, String containerPath, boolean readOnly) {}

    public static ContainerSpec of(String image, String purpose) {
        return new ContainerSpec(image, purpose, null, List.of(), List.of());
    }

    /** Replaces the image's entrypoint; an empty list clears it, null keeps the image's. */
    public ContainerSpec withEntrypoint(List<String> e) {
        return new ContainerSpec(image, purpose, e, command, binds);
    }

    public ContainerSpec withCommand(List<String> c) {
        return new ContainerSpec(image, purpose, entrypoint, List.copyOf(c), binds);
    }

    public ContainerSpec withBind(Path hostPath, String containerPath, boolean readOnly) {
        List<Bind> b = new ArrayList<>(binds);
        b.add(new Bind(hostPath, containerPath, readOnly));
        return new ContainerSpec(image, purpose, entrypoint, command, List.copyOf(b));
    }
}
