package io.ppctl.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * The engine the Docker-backed tests run against (the one DOCKER_HOST names, as the docker CLI and ppctl see it), read
 * once from the daemon, and the engine-specific skips: each with the one-line reason the README's compatibility table
 * repeats (scripts/test prints them per engine).
 */
public record Engine(String name, String version, String apiVersion, boolean podman, boolean containerdStore) {
    private static volatile Engine current;

    /** The engine of this test run. */
    public static Engine current() {
        Engine e = current;
        if (e == null) {
            synchronized (Engine.class) {
                if (current == null) {
                    current = read();
                }
                e = current;
            }
        }
        return e;
    }

    private static Engine read() {
        String[] v = TestDocker.docker("version", "--format", "{{.Server.Version}}|{{.Server.APIVersion}}|{{range .Server.Components}}{{.Name}};{{end}}")
                .strip().split("\\|", -1);
        boolean podman = v[2].contains("Podman");
        // The containerd image store names its driver "overlayfs" and reports the snapshotter as the driver type.
        String driverStatus = TestDocker.docker("info", "--format", "{{.Driver}} {{json .DriverStatus}}").strip();
        boolean containerd = driverStatus.contains("io.containerd.snapshotter");
        String name = podman ? "Podman" : "Docker";
        return new Engine(name, v[0], v[1], podman, containerd);
    }

    public boolean isDefaultDocker() {
        return !podman && !containerdStore;
    }

    @Override
    public String toString() {
        return name + " " + version + " (API " + apiVersion + (containerdStore ? ", containerd image store" : "") + ")";
    }

    /** Skips the calling test (or class) on Podman, with {@code reason} as the skip message. */
    public static void assumeNotPodman(String reason) {
        Assumptions.assumeFalse(current().podman(), () -> "Podman: " + reason);
    }

    /** Skips the calling test (or class) on every engine but the machine's default Docker, with {@code reason}. */
    public static void assumeDefaultDocker(String reason) {
        Assumptions.assumeTrue(current().isDefaultDocker(), () -> current().name() + " " + current().version() + ": " + reason);
    }
}
