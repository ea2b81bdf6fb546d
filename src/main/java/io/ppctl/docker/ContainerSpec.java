package io.ppctl.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start a container. Immutable; the with* methods return a changed copy.
 * {@code purpose} becomes the io.ppctl.purpose label (smoke-test, integration-test, scan, ...); {@code platform}
 * (linux/arm64, or null) names the platform of a multi-platform build's image.
 */
public record ContainerSpec(String image, String purpose, List<String> entrypoint, List<String> command,
                            Map<String, String> env, String user, String workdir, List<Bind> binds,
                            String network, Map<String, String> extraLabels, String platform) {

    /** A host path mounted into the container. */
    public record Bind(Path hostPath, String containerPath, boolean readOnly) {}

    public static ContainerSpec of(String image, String purpose) {
        return new ContainerSpec(image, purpose, null, List.of(), Map.of(), null, null, List.of(), null, Map.of(), null);
    }

    /** Replaces the image's entrypoint; an empty list clears it, null keeps the image's. */
    public ContainerSpec withEntrypoint(List<String> e) {
        return new ContainerSpec(image, purpose, e, command, env, user, workdir, binds, network, extraLabels, platform);
    }

    public ContainerSpec withCommand(List<String> c) {
        return new ContainerSpec(image, purpose, entrypoint, List.copyOf(c), env, user, workdir, binds, network, extraLabels, platform);
    }

    public ContainerSpec withEnv(Map<String, String> e) {
        return new ContainerSpec(image, purpose, entrypoint, command, Map.copyOf(e), user, workdir, binds, network, extraLabels, platform);
    }

    public ContainerSpec withUser(String u) {
        return new ContainerSpec(image, purpose, entrypoint, command, env, u, workdir, binds, network, extraLabels, platform);
    }

    public ContainerSpec withWorkdir(String w) {
        return new ContainerSpec(image, purpose, entrypoint, command, env, user, w, binds, network, extraLabels, platform);
    }

    public ContainerSpec withBind(Path hostPath, String containerPath, boolean readOnly) {
        List<Bind> b = new ArrayList<>(binds);
        b.add(new Bind(hostPath, containerPath, readOnly));
        return new ContainerSpec(image, purpose, entrypoint, command, env, user, workdir, List.copyOf(b), network, extraLabels, platform);
    }

    /**
     * The platform of the image's variant to run (linux/arm64), for an image of a multi-platform build; null for the
     * daemon's choice. Also makes the container proven runnable before it is used ({@link CheckContainer}).
     */
    public ContainerSpec withPlatform(String p) {
        return new ContainerSpec(image, purpose, entrypoint, command, env, user, workdir, binds, network, extraLabels, p);
    }

    /** "host", "none", "bridge" or a network name; null for the daemon's default. */
    public ContainerSpec withNetwork(String n) {
        return new ContainerSpec(image, purpose, entrypoint, command, env, user, workdir, binds, n, extraLabels, platform);
    }

    public ContainerSpec withLabel(String key, String value) {
        Map<String, String> l = new LinkedHashMap<>(extraLabels);
        l.put(key, value);
        return new ContainerSpec(image, purpose, entrypoint, command, env, user, workdir, binds, network, Map.copyOf(l), platform);
    }
}
