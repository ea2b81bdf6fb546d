package io.ppctl.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a container. Immutable; the with* methods return a changed copy.
 * {@code purpose} becomes the io.ppctl.purpose label (smoke-test, integration-test, scan, ...); {@code platform}
 * (linux/arm64, or null) names the platform of a multi-platform build's image.
 */
public record ContainerSpec(String image, String purpose, List<String> entrypoint, List<String> command, List<Bind> binds,
                            String platform) {

    /** A host path mounted into the container. */
    public record Bind(Path hostPath, String containerPath, boolean readOnly) {}

    public static ContainerSpec of(String image, String purpose) {
        return new ContainerSpec(image, purpose, null, List.of(), List.of(), null);
    }

    /** Replaces the image's entrypoint; an empty list clears it, null keeps the image's. */
    public ContainerSpec withEntrypoint(List<String> e) {
        return new ContainerSpec(image, purpose, e, command, binds, platform);
    }

    public ContainerSpec withCommand(List<String> c) {
        return new ContainerSpec(image, purpose, entrypoint, List.copyOf(c), binds, platform);
    }

    public ContainerSpec withBind(Path hostPath, String containerPath, boolean readOnly) {
        List<Bind> b = new ArrayList<>(binds);
        b.add(new Bind(hostPath, containerPath, readOnly));
        return new ContainerSpec(image, purpose, entrypoint, command, List.copyOf(b), platform);
    }

    /**
     * The platform of the image's variant to run (linux/arm64), for an image of a multi-platform build; null for the
     * daemon's choice. Also makes the container proven runnable before it is used ({@link CheckContainer}).
     */
    public ContainerSpec withPlatform(String p) {
        return new ContainerSpec(image, purpose, entrypoint, command, binds, p);
    }
}
