package io.ppctl.startup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the class data sharing training only ({@link TrainingRun}): an HTTP server on 127.0.0.1 that answers the Engine
 * API calls of ppctl's common commands the way Docker 20.10 does (the JSON shapes are trimmed recordings of its answers),
 * so that the training loads the classes that send requests and read the answers, as a real run does. It runs nothing:
 * every container "runs" instantly, an exec prints a line fitting its command, a build names a built image.
 */
final class TrainingDaemon implements AutoCloseable {
    static final String IMAGE = "policy-platform:training";
    private static final Pattern VERSIONED = Pattern.compile("^/v\\d+\\.\\d+(/.*)$");
    private static final String IMAGE_ID = "sha256:254f66c04e366a68c1a6590d360c8e54f77196afdc20ebb92228295be9bea80e";
    private static final String VERSION = """
            {"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"20.10.24","Details":{"ApiVersion":"1.41",\
            "MinAPIVersion":"1.12","Os":"linux"}}],"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12",\
            "GitCommit":"5d6db84","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0",\
            "BuildTime":"2023-04-07T21:09:36.000000000+00:00"}""";
    private static final String INFO = """
            {"ID":"LIEK:H4J6","Containers":0,"ContainersRunning":0,"ContainersPaused":0,"ContainersStopped":0,"Images":19,\
            "Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"]],"MemoryLimit":true,"NCPU":2,\
            "MemTotal":25276829696,"DockerRootDir":"/nonexistent/docker","OperatingSystem":"Debian GNU/Linux 12",\
            "OSType":"linux","Architecture":"x86_64","ServerVersion":"20.10.24","Name":"training"}""";
    /** The training project's commit, so its image is the build of HEAD as tag and release check (set by TrainingRun). */
    static volatile String revision = "";
    private static final String INSPECT = """
            {"Id":"%s","RepoTags":["policy-platform:training"],"RepoDigests":[],"Parent":"","Comment":"",\
            "Created":"2026-11-27T09:10:48.518689813Z","DockerVersion":"20.10.24","Author":"","Config":{"Hostname":"",\
            "User":"1000","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,\
            "Env":["PATH=/usr/local/bin:/bin","POLICY_PLATFORM=stand-in"],"Cmd":null,"Image":"sha256:e5227c09",\
            "Volumes":null,"WorkingDir":"/repos","Entrypoint":null,"OnBuild":null,"Labels":{\
            "org.opencontainers.image.title":"policy-platform","org.opencontainers.image.version":"v1.0.0",\
            "org.opencontainers.image.revision":"REVISION"}},\
            "Architecture":"amd64","Os":"linux","Size":2004449,"VirtualSize":2004449,"GraphDriver":{"Data":null,\
            "Name":"overlay2"},"RootFS":{"Type":"layers","Layers":["sha256:8444161c90d00fb6e6d31b26e7f2d5636e7d2ed3"]},\
            "Metadata":{"LastTagTime":"2026-11-27T09:10:48.531651755Z"}}""".formatted(IMAGE_ID);
    private static final String IMAGES = """
            [{"Containers":-1,"Created":1795000000,"Id":"%s","Labels":{"org.opencontainers.image.version":"v0.9.0"},\
            "ParentId":"","RepoDigests":null,"RepoTags":["policy-platform:v0.9.0"],"SharedSize":-1,"Size":2004449,\
            "VirtualSize":2004449}]""".formatted(IMAGE_ID);
    private static final String HISTORY = """
            [{"Comment":"","Created":1795000000,"CreatedBy":"/bin/sh -c #(nop) COPY dir:0a1b in /repos/ ","Id":"%s",\
            "Size":1234,"Tags":["policy-platform:training"]}]""".formatted(IMAGE_ID);
    private static final String EXEC_INSPECT = """
            {"CanRemove":false,"ContainerID":"%s","DetachKeys":"","ExitCode":0,"ID":"%s","OpenStderr":true,\
            "OpenStdin":false,"OpenStdout":true,"ProcessConfig":{"arguments":["version"],"entrypoint":"kyverno",\
            "privileged":false,"tty":false,"user":""},"Running":false,"Pid":4242}""";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "ppctl-training-daemon");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger ids = new AtomicInteger();
    /** What each exec runs (its create request), so its output fits; where each container's /out folder is. */
    private final Map<String, String> execCommands = new ConcurrentHashMap<>();
    private final Map<String, String> outFolders = new ConcurrentHashMap<>();

    private TrainingDaemon(HttpServer server) {
        this.server = server;
    }

    static TrainingDaemon start() throws IOException {
        // Without TCP_NODELAY every answer waits for the client's delayed ACK (40 ms): half of the training's time.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        TrainingDaemon daemon = new TrainingDaemon(server);
        server.createContext("/", daemon::handle);
        server.setExecutor(daemon.threads);
        server.start();
        return daemon;
    }

    /** DOCKER_HOST for the commands of the training. */
    String host() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            Matcher v = VERSIONED.matcher(path);
            if (v.matches()) {
                path = v.group(1);
            }
            answer(ex, ex.getRequestMethod() + " " + path, body);
        }
    }

    private void answer(HttpExchange ex, String call, byte[] body) throws IOException {
        String[] p = call.split(" ", 2)[1].split("/");
        String method = call.substring(0, call.indexOf(' '));
        if (call.equals("GET /_ping")) {
            send(ex, 200, "text/plain", "OK");
        } else if (call.equals("GET /version")) {
            send(ex, 200, VERSION);
        } else if (call.equals("GET /info")) {
            send(ex, 200, INFO);
        } else if (call.equals("GET /images/json")) {
            send(ex, 200, IMAGES);
        } else if (call.equals("GET /containers/json")) {
            send(ex, 200, "[]");
        } else if (call.equals("POST /containers/create")) {
            createContainer(ex, body);
        } else if (call.equals("POST /build")) {
            build(ex);
        } else if (p.length >= 3 && p[1].equals("images")) {
            image(ex, method, p);
        } else if (p.length >= 4 && p[1].equals("containers")) {
            container(ex, method, p[2], p[3], body);
        } else if (p.length == 3 && method.equals("DELETE") && p[1].equals("containers")) {
            send(ex, 204, null);
        } else if (p.length == 4 && p[1].equals("exec") && p[3].equals("start")) {
            stream(ex, output(execCommands.getOrDefault(p[2], "")));
        } else if (p.length == 4 && p[1].equals("exec") && p[3].equals("json")) {
            send(ex, 200, EXEC_INSPECT.formatted(id(), p[2]));
        } else {
            send(ex, 404, "{\"message\":\"page not found\"}");
        }
    }

    private void image(HttpExchange ex, String method, String[] p) throws IOException {
        String what = p[p.length - 1];
        if (method.equals("GET") && what.equals("json")) {
            send(ex, 200, INSPECT.replace("REVISION", revision));
        } else if (what.equals("history")) {
            send(ex, 200, HISTORY);
        } else if (what.equals("tag")) {
            send(ex, 201, null);
        } else if (what.equals("get")) {
            // docker save: an empty tar archive (two zero blocks)
            ex.getResponseHeaders().set("Content-Type", "application/x-tar");
            ex.sendResponseHeaders(200, 1024);
            ex.getResponseBody().write(new byte[1024]);
        } else if (method.equals("DELETE")) {
            send(ex, 200, "[{\"Untagged\":\"" + IMAGE + "\"}]");
        } else {
            send(ex, 404, "{\"message\":\"No such image\"}");
        }
    }

    private void container(HttpExchange ex, String method, String id, String what, byte[] body) throws IOException {
        switch (what) {
            case "start", "kill", "stop" -> send(ex, 204, null);
            case "exec" -> {
                String exec = id();
                execCommands.put(exec, new String(body, StandardCharsets.UTF_8));
                send(ex, 201, "{\"Id\":\"" + exec + "\"}");
            }
            case "wait" -> {
                writeScanReport(id);
                send(ex, 200, "{\"Error\":null,\"StatusCode\":0}");
            }
            case "logs" -> stream(ex, "2026-11-27T09:10:48Z\tINFO\t[vuln] Vulnerability scanning is enabled\n");
            case "archive" -> send(ex, 200, null);
            case "json" -> send(ex, 200, "{\"Id\":\"" + id + "\",\"State\":{\"Running\":false,\"ExitCode\":0}}");
            default -> send(ex, "DELETE".equals(method) ? 204 : 404, null);
        }
    }

    private void createContainer(HttpExchange ex, byte[] body) throws IOException {
        String id = id();
        JsonNode binds = json.readTree(body).path("HostConfig").path("Binds");
        for (JsonNode b : binds) {
            String[] parts = b.asText().split(":");
            if (parts.length >= 2 && parts[1].equals("/out")) {
                outFolders.put(id, parts[0]);
            }
        }
        send(ex, 201, "{\"Id\":\"" + id + "\",\"Warnings\":[]}");
    }

    /** A scanner container "wrote" its report: Trivy's answer for a clean image. */
    private void writeScanReport(String container) throws IOException {
        String out = outFolders.remove(container);
        if (out != null) {
            Files.writeString(Path.of(out, "report.json"),
                    "{\"SchemaVersion\":2,\"ArtifactName\":\"training.tar\",\"ArtifactType\":\"container_image\"}");
        }
    }

    private void build(HttpExchange ex) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String s : new String[] {"Step 1/3 : FROM busybox", "\n", " ---> 1fcc069dd0c2\n", "Step 2/3 : COPY policies/ /repos/",
                "\n", " ---> Using cache\n", " ---> e5227c0914ea\n", "Step 3/3 : LABEL org.opencontainers.image.version=v1.0.0",
                "\n", " ---> Running in 4fa98d7092d9\n", "Removing intermediate container 4fa98d7092d9\n",
                " ---> 254f66c04e36\n", "Successfully built 254f66c04e36\n", "Successfully tagged policy-platform:v1.0.0\n"}) {
            lines.append(json.writeValueAsString(Map.of("stream", s))).append("\r\n");
        }
        send(ex, 200, lines.toString());
    }

    /** What the command an exec was created with prints, in the real tools' formats. */
    private static String output(String execCreate) {
        if (execCreate.contains("\"ls\"")) {
            return "drwxr-xr-x    4 root     root          4096 Nov 27 09:10 /repos/\n";
        }
        if (execCreate.contains("\"template\"")) {
            return "---\n# Source: app/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n";
        }
        if (execCreate.contains("kyverno apply")) {
            return "\nApplying 1 policy rule(s) to 1 resource(s)...\n\npass: 1, fail: 0, warn: 0, error: 0, skip: 0 \n";
        }
        if (execCreate.contains("pluto detect")) {
            return "{\"target-versions\":{\"k8s\":\"v1.30.0\"}}\n";
        }
        return "Version: 1.15.2\nTime: 2025-10-01T00:00:00Z\nGit commit ID: 0123456789abcdef\n";
    }

    /** A multiplexed stream as Docker sends it for a container without a TTY: one stdout frame. */
    private static void stream(HttpExchange ex, String stdout) throws IOException {
        byte[] payload = stdout.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(new byte[] {1, 0, 0, 0, (byte) (payload.length >>> 24), (byte) (payload.length >>> 16),
                (byte) (payload.length >>> 8), (byte) payload.length});
        frame.write(payload);
        ex.getResponseHeaders().set("Content-Type", "application/vnd.docker.raw-stream");
        ex.sendResponseHeaders(200, frame.size());
        ex.getResponseBody().write(frame.toByteArray());
    }

    private String id() {
        return String.format("%064x", 0x7a11ed00L + ids.incrementAndGet());
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "application/json", body);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
