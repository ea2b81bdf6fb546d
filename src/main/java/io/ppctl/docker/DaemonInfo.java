package io.ppctl.docker;

/** What the daemon says about itself; {@code freeDiskBytes} is -1 when it cannot be known (remote daemon). */
public record DaemonInfo(String host, String serverVersion, String apiVersion, String minApiVersion,
                         String negotiatedApiVersion, String storageDriver, String os, String architecture,
                         String dockerRootDir, long freeDiskBytes, int containers, int images) {}
