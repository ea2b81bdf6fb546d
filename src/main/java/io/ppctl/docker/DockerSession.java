package io.ppctl.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connection to one Docker daemon, speaking ppctl's own types. Only this package imports docker-java;
 * feature code asks this class (and its siblings here) for what it needs.
 */
public final class DockerSession implements AutoCloseable {
    private final DockerClient client;
    private final String host;
    private final Version version;
    private final String negotiatedApi;
    private volatile Boolean containerdStore;

    DockerSession(DockerClient client, String host, Version version, String negotiatedApi) {
        this.client = client;
        this.host = host;
        this.version = version;
        this.negotiatedApi = negotiatedApi;
    }

    /** For the sibling classes of this package. */
    DockerClient client() {
        return client;
    }

    public String host() {
        return host;
    }

    public DaemonInfo info() {
        Info info;
        try {
            info = client.infoCmd().exec();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("reading daemon info", e);
        }
        // The answer settles containerdImageStore() too: the size of an image needs no second /info.
        containerdStore = usesContainerdStore(info);
        long free = -1;
        if (host.startsWith("unix://") && info.getDockerRootDir() != null) {
            try {
                Path root = Path.of(info.getDockerRootDir());
                if (Files.exists(root)) {
                    free = Files.getFileStore(root).getUsableSpace();
                }
            } catch (IOException | SecurityException ignored) {
                // not readable from here: report unknown
            }
        }
        return new DaemonInfo(host, engine(), version.getVersion(), version.getApiVersion(), version.getMinAPIVersion(), negotiatedApi,
                info.getDriver(), containerdStore, info.getOperatingSystem(), info.getArchitecture(), info.getDockerRootDir(), free,
                info.getContainers() == null ? 0 : info.getContainers(), info.getImages() == null ? 0 : info.getImages());
    }

    /** "Podman" when Podman's Docker-compatible API answers (it names its component "Podman Engine"), else "Docker". */
    public String engine() {
        List<com.github.dockerjava.api.model.VersionComponent> components = version.getComponents();
        boolean podman = components != null && components.stream().anyMatch(c -> c.getName() != null && c.getName().startsWith("Podman"));
        return podman ? "Podman" : "Docker";
    }

    /**
     * Whether images live in containerd's store, asked once per session. Podman and Docker before 24 (the first with
     * the containerd store, as an experiment) never do, and are not asked: Podman's /info takes seconds under load.
     */
    boolean containerdImageStore() {
        Boolean known = containerdStore;
        if (known == null) {
            if (engine().equals("Podman") || majorVersion(version.getVersion()) < 24) {
                known = false;
            } else {
                try {
                    known = usesContainerdStore(client.infoCmd().exec());
                } catch (RuntimeException e) {
                    throw DockerErrors.wrap("reading daemon info", e);
                }
            }
            containerdStore = known;
        }
        return known;
    }

    private static int majorVersion(String version) {
        try {
            return Integer.parseInt(String.valueOf(version).split("\\.")[0]);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * The bytes of an image's layers unpacked, as {@code docker history} adds them up: the {@code Size} of Docker's
     * classic store and the figure size budgets mean. The containerd image store's {@code Size} adds the compressed
     * copies of the layers it keeps (moby daemon/containerd/image_list.go: Content + Unpacked; measured 6.1 MB for an
     * image of 5.0 MB), so there the history is read instead. {@code reported} is the engine's Size.
     */
    long size(String image, long reported) {
        if (!containerdImageStore()) {
            return reported;
        }
        try {
            return client.imageHistoryCmd(image).exec().stream().mapToLong(h -> h.getSize() == null ? 0 : h.getSize()).sum();
        } catch (NotFoundException e) {
            return reported;
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("reading the history of " + image, e);
        }
    }

    /** Docker with the containerd image store reports the snapshotter as its driver type. */
    private static boolean usesContainerdStore(Info info) {
        List<List<String>> status = info.getDriverStatuses();
        return status != null && status.stream().anyMatch(kv -> kv.size() == 2 && "driver-type".equals(kv.get(0))
                && kv.get(1) != null && kv.get(1).startsWith("io.containerd.snapshotter"));
    }

    /**
     * Whether the daemon still accepts new connections. A daemon being stopped closes its API socket first and
     * then kills the running containers, so a failure it causes (a build step killed with 137) looks like a failed
     * step on the connection already open. A ping would travel on that same pooled connection and be answered;
     * a fresh connect tells the truth. Hosts this cannot check (npipe) count as accepting.
     */
    public boolean acceptsConnections(java.time.Duration timeout) {
        java.net.URI uri = java.net.URI.create(host);
        try {
            switch (String.valueOf(uri.getScheme())) {
                case "unix" -> {
                    try (java.nio.channels.SocketChannel ignored = java.nio.channels.SocketChannel.open(
                            java.net.UnixDomainSocketAddress.of(uri.getPath()))) {
                        return true;
                    }
                }
                case "tcp", "http", "https" -> {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), (int) timeout.toMillis());
                        return true;
                    }
                }
                default -> {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** The image {@code ref} (name:tag or ID) points at, or empty when the daemon has no such image. */
    public Optional<ImageDetails> inspectImage(String ref) {
        InspectImageResponse r;
        try {
            r = client.inspectImageCmd(ref).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("inspecting image " + ref, e);
        }
        ContainerConfig c = r.getConfig();
        int layers = r.getRootFS() == null || r.getRootFS().getLayers() == null ? 0 : r.getRootFS().getLayers().size();
        return Optional.of(ImageDetails.builder().id(r.getId())
                .repoTags(nonNull(r.getRepoTags()))
                .repoDigests(nonNull(r.getRepoDigests()))
                .size(size(r.getId(), r.getSize() == null ? 0 : r.getSize()))
                .layers(layers)
                .labels(c == null || c.getLabels() == null ? Map.of() : c.getLabels())
                .user(c == null || c.getUser() == null ? "" : c.getUser())
                .workdir(c == null || c.getWorkingDir() == null ? "" : c.getWorkingDir())
                .env(c == null || c.getEnv() == null ? List.of() : List.of(c.getEnv()))
                .entrypoint(c == null || c.getEntrypoint() == null ? List.of() : List.of(c.getEntrypoint()))
                .cmd(c == null || c.getCmd() == null ? List.of() : List.of(c.getCmd()))
                .created(parseInstant(r.getCreated()))
                .os(r.getOs() == null ? "" : r.getOs())
                .architecture(r.getArch() == null ? "" : r.getArch())
                .build());
    }

    /** Points {@code repository:tag} at the image {@code imageId}. */
    public void tag(String imageId, String repository, String tag) {
        try {
            client.tagImageCmd(imageId, repository, tag).withForce(true).exec();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("tagging " + imageId + " as " + repository + ":" + tag, e);
        }
    }

    /** IDs of containers (running or not) carrying {@code label=value}. */
    public List<String> containersWithLabel(String label, String value) {
        try {
            List<Container> list = client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(label, value)).exec();
            return list.stream().map(Container::getId).toList();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("listing containers", e);
        }
    }

    /** A container as listed: ID, labels, creation time. */
    public record ContainerSummary(String id, Map<String, String> labels, Instant created, String state) {}

    /** Containers (running or not) carrying {@code label=value}, with their labels. */
    public List<ContainerSummary> listContainers(String label, String value) {
        try {
            return client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(label, value)).exec().stream()
                    .map(c -> new ContainerSummary(c.getId(), c.getLabels() == null ? Map.of() : c.getLabels(),
                            c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()), c.getState()))
                    .toList();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("listing containers", e);
        }
    }

    /** Removes a container, running or not; a missing one is not an error. */
    public void removeContainer(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("removing container " + id, e);
        }
    }

    /**
     * Waits (at most {@code timeout}) until container {@code id} no longer exists: a removal the daemon has already
     * begun itself (a cancelled build's step on Docker 29) answers a second one with a conflict and finishes later.
     */
    public void awaitRemoved(String id, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.inspectContainerCmd(id).exec();
            } catch (NotFoundException e) {
                return;
            } catch (RuntimeException e) {
                return; // the daemon cannot say: nothing more to wait for
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public Containers containers() {
        return new Containers(this);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing a pooled HTTP client cannot fail in a way worth reporting
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Instant parseInstant(String created) {
        try {
            return created == null ? null : Instant.parse(created);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
