package io.ppctl.docker;

/**
 * What the daemon says about itself; {@code freeDiskBytes} is -1 when it cannot be known (remote daemon).
 * {@code engine} is "Docker" or "Podman" (Podman's API reports its own version as the server's);
 * {@code containerdImageStore} says whether images live in containerd (Docker 29's default, Docker Desktop 4.34+).
 */
public record DaemonInfo(String host, String engine, String serverVersion, String apiVersion, String minApiVersion,
                         String negotiatedApiVersion, String storageDriver, boolean containerdImageStore, String os,
                         String architecture, String dockerRootDir, long freeDiskBytes, int containers, int images) {
    /** "Docker 29.8.1", "Podman 4.3.1". */
    public String engineVersion() {
        return engine + " " + serverVersion;
    }

    /** "overlay2", or "overlayfs (containerd image store)". */
    public String storage() {
        return containerdImageStore ? storageDriver + " (containerd image store)" : storageDriver;
    }
}
