package io.ppctl.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.Engine;
import io.ppctl.testing.FaultProxy;
import io.ppctl.testing.Gates;
import io.ppctl.testing.PassStore;
import io.ppctl.testing.ProcessWatch;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import io.ppctl.testing.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.ppctl.push.RegistryFixture.env;
import static io.ppctl.push.RegistryFixture.path;
import static io.ppctl.push.RegistryFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * push, the "already published" check, rollback and doctor against the real distribution v3 registry with
 * {@code auth: token}: it answers 401 with a Bearer challenge naming the test's token server, which signs ES256 JWTs
 * with per-repository scopes. A recording proxy in front of the registry shows what the registry itself receives.
 */
class TokenAuthIT {
    private static final String WRITER = "ci-bot";
    private static final String READER = "viewer";
    private static TokenServer tokens;
    private static TestRegistry registry;
    private static FaultProxy proxy;
    private static String writerPassword;
    private static String readerPassword;
    private static String imageA;
    private static String imageB;
    private TestProject project;
    private Path dockerConfig;

    @BeforeAll
    static void start() {
        writerPassword = RegistryFixture.password();
        readerPassword = RegistryFixture.password();
        tokens = TokenServer.start().user(WRITER, writerPassword).user(READER, readerPassword)
                .grant(WRITER, Pattern.quote(TestDocker.prefix()) + "/.*", "pull", "push")
                .grant(READER, ".*", "pull")
                .grant(null, Pattern.quote(TestDocker.prefix()) + "/public-.*", "pull");
        registry = TestRegistry.startWithTokens(tokens);
        proxy = FaultProxy.start(registry.host());
        imageA = RegistryFixture.image("token-a", 64 * 1024);
        imageB = RegistryFixture.image("token-b", 64 * 1024);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
        TestDocker.cleanup();
    }

    @BeforeEach
    void emptyDockerConfig() {
        dockerConfig = TestDocker.tempDir("ppctl-docker-config");
        proxy.reset();
        tokens.clearRequests();
    }

    @AfterEach
    void remove() {
        if (project != null) {
            project.close();
        }
        TestProject.deleteTree(dockerConfig);
    }

    /** A project whose one registry "tok" is the token registry behind the proxy, at path(repo). */
    private static TestProject project(String version, String repo) {
        return project(version, "tok", proxy.host() + "/" + path(repo));
    }

    /** A project with registries by name and repository (name, repository, name, repository, ...). */
    private static TestProject project(String version, String... namesAndRepositories) {
        StringBuilder yaml = new StringBuilder("registries:\n");
        for (int i = 0; i < namesAndRepositories.length; i += 2) {
            yaml.append("  - name: ").append(namesAndRepositories[i]).append("\n    repository: ").append(namesAndRepositories[i + 1]).append('\n');
        }
        yaml.append("push:\n  attempts: 3\n  initialBackoff: 100ms\n  maxBackoff: 1s\n");
        return TestProject.git().write("VERSION", version + "\n").write("ppctl.yaml", yaml.toString())
                .write(".gitignore", "target/\n").commit("release " + version);
    }

    private Map<String, String> as(String user, String password) {
        return env(dockerConfig, Map.of("PPCTL_TOK_USERNAME", user, "PPCTL_TOK_PASSWORD", password));
    }

    @Test
    void pushesChecksAndRollsBackWithBearerTokensAndTheRegistryNeverSeesTheBasicCredentials() throws IOException {
        project = project("v1.0.0", "bearer");
        Map<String, String> env = as(WRITER, writerPassword);
        CliResult first = run(env, "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String v100 = registry.digest(path("bearer"), "v1.0.0").orElseThrow();
        assertThat(registry.digest(path("bearer"), "latest")).contains(v100);

        CliResult taken = run(env, "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(1);
        assertThat(taken.stderr()).contains("v1.0.0 already exists in tok with digest " + v100);
        String sha100 = sha(project);

        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        CliResult second = run(env, "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(registry.digest(path("bearer"), "latest")).isNotEqualTo(registry.digest(path("bearer"), "v1.0.0"));
        String sha110 = sha(project);

        CliResult back = run(env, "-C", project.dir().toString(), "rollback", "v1.0.0");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(registry.digest(path("bearer"), "latest")).contains(v100);

        CliResult doctor = run(env, "-C", project.dir().toString(), "doctor");
        assertThat(doctor.stdout()).contains("registry tok", "user " + WRITER + " from PPCTL_TOK_PASSWORD, accepted, may push");

        for (CliResult r : List.of(first, taken, second, back, doctor)) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(writerPassword).doesNotContain("eyJ");
        }
        assertThat(filesHolding(project.dir(), writerPassword)).as("ppctl's records and reports").isEmpty();
        assertThat(proxy.authorizations()).isNotEmpty().noneMatch(a -> a.endsWith(" basic"));
        assertThat(proxy.authorizations()).anyMatch(a -> a.startsWith("daemon ") && a.endsWith(" bearer"))
                .anyMatch(a -> a.startsWith("ppctl ") && a.endsWith(" bearer"));
        // The realm the registry named is another server (port) than the registry: it, and only it, gets the password
        // (Docker 20.10 and Podman as Basic credentials of a GET, Docker 29's containerd in an OAuth2 password grant).
        assertThat(tokens.port()).isNotEqualTo(registry.port());
        assertThat(tokens.requests()).anyMatch(t -> t.who().equals("daemon") && t.sentPassword())
                .anyMatch(t -> t.who().equals("ppctl") && t.scheme().equals("basic"))
                .allMatch(t -> t.path().equals("/token") && t.status() == 200 && WRITER.equals(t.user()));
        // After the token checks (crane asks the token server too): both releases as a second client sees them.
        assertThat(craneSees("bearer", "v1.0.0", sha100, "latest").digest()).isEqualTo(v100);
        assertThat(craneSees("bearer", "v1.1.0", sha110).digest()).isNotEqualTo(v100);
    }

    @Test
    void aPushOrRollbackByAnAccountThatMayOnlyReadIsExitThreeNamingTheScopeAndChangesNothing() {
        project = project("v1.0.0", "read-only");
        String scope = "repository:" + path("read-only") + ":pull,push";
        Map<String, String> reader = as(READER, readerPassword);
        CliResult push = run(reader, "-C", project.dir().toString(), "push", "--image", imageA);
        assertThat(push.exitCode()).as(push.toString()).isEqualTo(3);
        assertThat(push.stderrLines()).last().asString().contains("ppctl: tok (" + proxy.host() + ") does not let user " + READER
                + " from PPCTL_TOK_PASSWORD push to " + proxy.host() + "/" + path("read-only") + ": the scope " + scope
                + " was not granted (401: UNAUTHORIZED", "use an account that may push to");
        assertThat(registry.tagsJson(path("read-only"))).isEmpty();
        assertThat(proxy.authorizations()).as("found before the daemon uploaded anything").noneMatch(a -> a.startsWith("daemon "));

        Map<String, String> writer = as(WRITER, writerPassword);
        assertThat(run(writer, "-C", project.dir().toString(), "push", "--image", imageA).exitCode()).isZero();
        String sha100 = sha(project);
        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        assertThat(run(writer, "-C", project.dir().toString(), "push", "--image", imageB).exitCode()).isZero();
        String latest = registry.digest(path("read-only"), "latest").orElseThrow();

        CliResult back = run(reader, "-C", project.dir().toString(), "rollback", "v1.0.0");
        assertThat(back.exitCode()).as(back.toString()).isEqualTo(3);
        assertThat(back.stderrLines()).last().asString().contains("does not let user " + READER + " from PPCTL_TOK_PASSWORD push to",
                "the scope " + scope + " was not granted");
        assertThat(registry.digest(path("read-only"), "latest")).contains(latest);

        CliResult doctor = run(reader, "-C", project.dir().toString(), "doctor");
        assertThat(doctor.stdout()).containsPattern("warn +registry tok +" + Pattern.quote(proxy.host() + "/"
                + path("read-only") + ": user " + READER + " from PPCTL_TOK_PASSWORD, accepted, but ") + ".*the scope "
                + Pattern.quote(scope) + " was not granted");
        assertThat(tokens.requests()).filteredOn(t -> READER.equals(t.user())).isNotEmpty().allMatch(t -> t.status() == 200);
        assertThat(craneSees("read-only", "v1.1.0", sha(project), "latest").digest()).isEqualTo(latest);
        assertThat(craneSees("read-only", "v1.0.0", sha100).digest()).isNotEqualTo(latest);
    }

    @Test
    void anonymousPullTokensAnswerTheAlreadyPublishedCheckAndDryRunOfAPublicRepository() {
        project = project("v1.0.0", "public-anon");
        assertThat(run(as(WRITER, writerPassword), "-C", project.dir().toString(), "push", "--image", imageA).exitCode()).isZero();
        String v100 = registry.digest(path("public-anon"), "v1.0.0").orElseThrow();
        assertThat(craneSees("public-anon", "v1.0.0", sha(project), "latest").digest()).isEqualTo(v100);
        tokens.clearRequests();
        Map<String, String> anonymous = env(dockerConfig, Map.of());

        CliResult again = run(anonymous, "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.stderr()).contains("v1.0.0 already exists in tok with digest " + v100);

        CliResult dry = run(anonymous, "-C", project.dir().toString(), "rollback", "v1.0.0", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stderr()).contains(":latest already points at " + v100);

        CliResult doctor = run(anonymous, "-C", project.dir().toString(), "doctor");
        assertThat(doctor.stdout()).containsPattern("warn +registry tok +.*no credentials, the registry allows anonymous access");

        project.write("VERSION", "v1.1.0\n").commit("v1.1.0");
        CliResult fresh = run(anonymous, "-C", project.dir().toString(), "push", "--image", imageB);
        assertThat(fresh.exitCode()).as(fresh.toString()).isEqualTo(3);
        assertThat(fresh.stderrLines()).last().asString().contains("tok (" + proxy.host() + ") requires credentials and none were found",
                "PPCTL_TOK_USERNAME");
        assertThat(registry.digest(path("public-anon"), "v1.1.0")).isEmpty();
        assertThat(tokens.requests()).isNotEmpty().allMatch(t -> t.scheme().equals("none") && t.status() == 200)
                .anyMatch(t -> t.scopes().contains("repository:" + path("public-anon") + ":pull"));

        try (TestProject other = project("v1.0.0", "private-anon")) {
            CliResult privateRepo = run(anonymous, "-C", other.dir().toString(), "push", "--image", imageA);
            assertThat(privateRepo.exitCode()).as(privateRepo.toString()).isEqualTo(3);
            assertThat(privateRepo.stderrLines()).last().asString().contains("requires credentials and none were found");
        }
    }

    /**
     * Tokens live L here, and the registry refuses them 2 s later. The proxy holds the registry's answer to the
     * daemon's first finished blob upload for L + 5 s, so the daemon's next requests, and ppctl's check of what was
     * pushed, come after the tokens of the push's start expired: both fetch new ones and the push completes. L is
     * 60 s (the spec's minimum, which Docker 20.10 and Podman's containers/image apply to any shorter expires_in)
     * except on the containerd image store: Docker 29's containerd takes expires_in as given and gives up on an answer
     * that takes over 30 s (ResponseHeaderTimeout, core/remotes/docker/registry.go), so there L is 10 s.
     */
    @Test
    void aPushThatOutlivesItsTokensGetsNewOnesAndCompletes() throws Exception {
        Duration life = Duration.ofSeconds(Engine.current().containerdStore() ? 10 : 60);
        Duration hold = life.plusSeconds(5);
        project = project("v1.0.0", "long-push");
        String stale = staleToken("long-push", life);
        tokens.lifetime(life);
        proxy.delayAnswer(FaultProxy.From.DAEMON, "PUT", "/blobs/uploads/", hold, 1);
        long start = System.nanoTime();
        CliResult r;
        try {
            r = run(as(WRITER, writerPassword), "-C", project.dir().toString(), "push", "--image", imageA);
        } finally {
            tokens.lifetime(Duration.ofMinutes(5));
        }
        long took = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertThat(r.exitCode()).as(r + "\n" + proxy.log()).isZero();
        assertThat(took).isGreaterThanOrEqualTo(hold.toSeconds());
        String digest = registry.digest(path("long-push"), "v1.0.0").orElseThrow();
        assertThat(r.stdout()).contains(":v1.0.0@" + digest);

        // The registry really refuses a token of the push's start by now.
        assertThat(registryAnswer("/v2/" + path("long-push") + "/manifests/v1.0.0", stale)).isEqualTo(401);
        List<TokenServer.Request> asked = tokens.requests();
        String pull = "repository:" + path("long-push") + ":pull";
        assertThat(asked).filteredOn(t -> t.who().equals("ppctl") && t.scopes().equals(List.of(pull)))
                .as("ppctl: a pull token for the tag checks, and a new one for the check after the long upload").hasSizeGreaterThanOrEqualTo(2);
        assertThat(asked).filteredOn(t -> t.who().equals("daemon")).as("the daemon renewed its token too").hasSizeGreaterThanOrEqualTo(2);
        List<String> log = proxy.log();
        int held = IntStream.range(0, log.size()).filter(i -> log.get(i).matches("daemon PUT .*/blobs/uploads/.* \\d+ ms")
                        && Long.parseLong(log.get(i).replaceAll(".* (\\d+) ms$", "$1")) >= hold.toMillis())
                .findFirst().orElseThrow(() -> new AssertionError("no held upload in " + log));
        assertThat(log.subList(held + 1, log.size())).as("after the hold nobody sent an expired token to be refused")
                .isNotEmpty().noneMatch(l -> l.contains(" 401 ") && !l.contains(" GET /v2/ 401 "));
        System.out.println("FIGURE long push with " + life.toSeconds() + " s tokens: " + took + " s; " + asked.size() + " token requests");
        assertThat(craneSees("long-push", "v1.0.0", sha(project), "latest").digest()).isEqualTo(digest);
    }

    /**
     * The release as crane sees it, a second client logged in with a pull-only account of its own (it gets its tokens
     * from the realm): every tag complete, one digest for all, the pushed image's labels in its config.
     */
    private static RegistryContent.Release craneSees(String repo, String... tags) {
        RegistryContent.Release seen = RegistryContent.release(registry, path(repo), List.of(tags), READER, readerPassword);
        assertThat(seen.labels()).as(repo + " labels seen by crane").containsEntry(TestDocker.RUN_LABEL, TestDocker.RUN_ID);
        return seen;
    }

    private static String sha(TestProject project) {
        return "sha-" + project.head().substring(0, 7);
    }

    /** A token of lifetime {@code life} (set just for it) that the registry will refuse {@code life} + 2 s from now. */
    private static String staleToken(String repo, Duration life) throws Exception {
        tokens.lifetime(life);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(tokens.realm() + "?service=" + TokenServer.SERVICE + "&scope=repository:" + path(repo) + ":pull"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (WRITER + ":" + writerPassword).getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(r.body()).get("token").asText();
        } finally {
            tokens.lifetime(Duration.ofMinutes(5));
        }
    }

    private static int registryAnswer(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + path)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * An identity token (an OAuth2 refresh token, as docker login stores for some registries) is traded at the realm by
     * POST. Podman's Docker API passes only a user name and password on to its push (compat images_push.go, 4.3 to
     * 5.8), so there ppctl says so, exit 3, before anything is uploaded, instead of a push that goes without credentials.
     */
    @Test
    void anIdentityTokenFromDockerConfigIsTradedByTheRefreshTokenGrantByPpctlAndTheDaemon() throws Exception {
        String refresh = tokens.refreshToken(WRITER);
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + proxy.host()
                + "\":{\"identitytoken\":\"" + refresh + "\"}}}");
        project = project("v1.0.0", "identity");
        CliResult r = run(env(dockerConfig, Map.of()), "-C", project.dir().toString(), "push", "--image", imageA, "-v");
        assertThat(r.stderr()).contains("accepts an identity token from docker config").doesNotContain(refresh);
        assertThat(tokens.requests()).isNotEmpty().allMatch(t -> t.method().equals("POST") && t.scheme().equals("none")
                && "refresh_token".equals(t.grant()) && t.status() == 200).anyMatch(t -> t.who().equals("ppctl"));
        if (Engine.current().podman()) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stderrLines()).last().asString().isEqualTo("ppctl: Podman cannot push to tok (" + proxy.host()
                    + ") with an identity token from docker config " + dockerConfig.resolve("config.json") + ": its Docker API "
                    + "passes only a user name and password to the registry, so the push would go without credentials (give "
                    + "tok a user name and password (PPCTL_TOK_USERNAME and PPCTL_TOK_PASSWORD, or --username with "
                    + "--password-stdin), or push with Docker)");
            assertThat(proxy.authorizations()).as("the daemon was never asked to push").noneMatch(a -> a.startsWith("daemon "));
            assertThat(registry.digest(path("identity"), "v1.0.0")).isEmpty();
            return;
        }
        assertThat(r.exitCode()).as(r + "\n" + tokens.requests() + "\n" + proxy.authorizations()).isZero();
        assertThat(registry.digest(path("identity"), "v1.0.0")).isPresent();
        assertThat(tokens.requests()).anyMatch(t -> t.who().equals("daemon"));
        assertThat(r.stdout()).contains("@" + craneSees("identity", "v1.0.0", sha(project), "latest").digest());
    }

    /**
     * docker's rule, which ppctl keeps: the credentials go to the realm the registry names, wherever it is (Docker Hub's
     * is auth.docker.io), and nowhere else. A realm that answers with a redirect does not get them passed on: ppctl
     * does not follow it (exit 3), so the server it points at never hears from ppctl.
     */
    @Test
    void theBasicCredentialsGoToTheNamedRealmOnlyAndNeverOnToWhereItRedirects() throws Exception {
        List<String> collected = new CopyOnWriteArrayList<>();
        List<String> atRealm = new CopyOnWriteArrayList<>();
        HttpServer collector = loopbackServer(ex -> {
            collected.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        HttpServer redirecting = loopbackServer(ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            atRealm.add(auth == null ? "none" : auth.split(" ")[0]);
            ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + collector.getAddress().getPort() + "/token?"
                    + ex.getRequestURI().getRawQuery());
            ex.sendResponseHeaders(307, -1);
            ex.close();
        });
        TestRegistry elsewhere = TestRegistry.startWithTokens(tokens, "http://127.0.0.1:" + redirecting.getAddress().getPort() + "/token");
        try {
            project = project("v1.0.0", "tok", elsewhere.host() + "/" + path("redirected"));
            CliResult r = run(as(WRITER, writerPassword), "-C", project.dir().toString(), "push", "--image", imageA);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stderrLines()).last().asString().contains("the token endpoint of tok (" + elsewhere.host() + ") answered 307",
                    "a redirect to http://127.0.0.1:" + collector.getAddress().getPort() + "/token", "not followed")
                    .doesNotContain(writerPassword);
            assertThat(atRealm).as("the named realm is asked, with the credentials").containsExactly("Basic");
            assertThat(collected).as("where the realm redirects hears nothing").isEmpty();
            assertThat(elsewhere.tagsJson(path("redirected"))).isEmpty();
        } finally {
            elsewhere.close();
            redirecting.stop(0);
            collector.stop(0);
        }
    }

    /** The files under {@code dir} (the project with ppctl's target/ records) whose bytes hold {@code secret}. */
    private static List<Path> filesHolding(Path dir, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                            .contains(new String(needle, StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static HttpServer loopbackServer(HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        s.createContext("/", handler);
        s.start();
        return s;
    }

    /**
     * The real docker-credential-pass (Debian golang-docker-credential-helpers, with pass and a GPG key made for the
     * test) as credsStore, and a per-registry credHelpers entry that wins over it. ppctl runs as its own process, and
     * the process list is read all through the push: the password shows nowhere, neither there nor in the output.
     */
    @Test
    void logsInThroughDockerCredentialPassAndPerRegistryHelpersWithTheSecretNeverInTheProcessList() throws Exception {
        try (PassStore pass = PassStore.create()) {
            // The direct address is served by pass; for the proxy's, pass holds a wrong password and credHelpers wins.
            pass.store(registry.host(), WRITER, writerPassword);
            pass.store(proxy.host(), WRITER, "wrong");
            Path secret = Files.writeString(pass.dir().resolve("secret"), writerPassword);
            Path own = pass.bin().resolve("docker-credential-ppctlit");
            Files.writeString(own, String.join("\n", "#!/bin/sh", "[ \"$1\" = get ] || exit 2", "read -r url",
                    "[ \"$url\" = \"" + proxy.host() + "\" ] || { echo 'credentials not found in native keychain'; exit 1; }",
                    "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + WRITER + "\",\"Secret\":\"%s\"}' \"$url\" \"$(cat "
                            + secret + ")\"", ""));
            Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dockerConfig.resolve("config.json"), "{\"credsStore\":\"pass\",\"credHelpers\":{\""
                    + proxy.host() + "\":\"ppctlit\"}}");
            project = project("v1.0.0", "direct", registry.host() + "/" + path("pass-direct"), "tok", proxy.host() + "/" + path("pass-proxy"));
            Gates.passed(project.dir(), imageA);
            Map<String, String> env = env(dockerConfig, pass.env());

            ProcessWatch watch = new ProcessWatch(writerPassword);
            CliResult r;
            try (watch) {
                r = Cli.runJar(project.dir(), env, 120, "push", "--image", imageA, "-v");
            }
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stderr()).contains("direct (" + registry.host() + ") accepts user " + WRITER + " from credential helper pass",
                    "tok (" + proxy.host() + ") accepts user " + WRITER + " from credential helper ppctlit");
            assertThat(r.stdout() + r.stderr()).doesNotContain(writerPassword);
            assertThat(registry.digest(path("pass-direct"), "v1.0.0")).isPresent();
            assertThat(registry.digest(path("pass-proxy"), "v1.0.0")).isPresent();
            assertThat(watch.seen()).as("the watch saw the helpers run").anyMatch(c -> c.contains("docker-credential-pass"));
            assertThat(watch.leaks()).as("command lines holding the password").isEmpty();
            assertThat(filesHolding(project.dir(), writerPassword)).as("ppctl's records and reports").isEmpty();
            assertThat(tokens.requests()).filteredOn(t -> t.scheme().equals("basic")).isNotEmpty().allMatch(t -> t.status() == 200);
            String digest = craneSees("pass-direct", "v1.0.0", sha(project), "latest").digest();
            assertThat(craneSees("pass-proxy", "v1.0.0", sha(project), "latest").digest()).isEqualTo(digest);
        }
    }

}
