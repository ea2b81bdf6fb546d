package io.ppctl.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.ByteSize;
import io.ppctl.core.Cleanup;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.Event;
import io.ppctl.event.EventBus;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.BuildRecord;
import io.ppctl.project.Project;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.Engine;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** `ppctl build` on the real daemon, with fixture projects built FROM the local busybox base image. */
class BuildIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String base;
    private TestProject project;

    @BeforeAll
    static void baseImage() {
        base = TestDocker.baseImage();
    }

    @AfterAll
    static void cleanup() {
        TestDocker.cleanup();
    }

    @AfterEach
    void remove() {
        if (project != null) {
            project.close();
        }
    }

    private static String name(String suffix) {
        return TestDocker.prefix() + "-" + suffix;
    }

    /** A committed git project whose ppctl.yaml names the image {@code name}. */
    private TestProject project(String imageName, String version, String dockerfile) {
        project = TestProject.git().write("VERSION", version + "\n").write(".gitignore", "target/\n")
                .write("ppctl.yaml", "image:\n  name: " + imageName + "\n").write("Dockerfile", dockerfile);
        project.git("remote", "add", "origin", "git@github.com:acme/policy-platform.git");
        return project;
    }

    private CliResult ppctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = project.dir().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(Map.of("CI", "true"), all);
    }

    private static String inImage(String image, String script) {
        return TestDocker.docker("run", "--rm", "--label", TestDocker.RUN_LABEL + "=" + TestDocker.RUN_ID, image, "sh", "-c", script);
    }

    @Test
    void aMultiStageBuildCarriesArgsLabelsAndOnlyWhatDockerignoreKeeps() throws Exception {
        String image = name("build");
        project(image, "v1.0.2", String.join("\n",
                "FROM " + base + " AS tools",
                "ARG KYVERNO_VERSION=v1.15.2",
                "RUN mkdir /out && echo \"kyverno $KYVERNO_VERSION (stand-in)\" > /out/kyverno",
                "FROM " + base,
                "ARG HELM_VERSION=v3.19.0",
                "ARG VERSION",
                "ARG VCS_REF",
                "ARG BUILD_DATE",
                "ARG EXTRA",
                "COPY --from=tools /out /opt/tools",
                "COPY . /ctx",
                "RUN echo \"$VERSION|$VCS_REF|$BUILD_DATE|$EXTRA|$HELM_VERSION\" > /build-info && echo wrote build info",
                ""))
                .write(".dockerignore", "target\n**/*.secret\ndocs\n!docs/keep.md\n.git\n")
                .write("policies/security/require-labels.yaml", "kind: ClusterPolicy\n")
                .write("policies/security/token.secret", "s3cret\n")
                .write("docs/keep.md", "kept\n").write("docs/drop.md", "dropped\n")
                .write("target/ppctl/old.json", "{}\n")
                .commit("init");
        CliResult r = ppctl("build", "--output", "json", "--build-arg", "EXTRA=hello", "--build-arg", "HELM_VERSION=v3.20.0");
        assertThat(r.exitCode()).as(r.toString()).isZero();

        JsonNode result = JSON.readTree(r.stdout());
        String id = result.get("imageId").asText();
        assertThat(id).startsWith("sha256:").hasSize(71);
        assertThat(result.get("reference").asText()).isEqualTo(image + ":v1.0.2");
        assertThat(result.get("layers").asInt()).isGreaterThan(2);
        assertThat(result.get("size").asLong()).isPositive();
        assertThat(result.get("durationSeconds").asDouble()).isPositive();
        assertThat(result.get("buildArgs")).extracting(JsonNode::asText).contains("EXTRA", "VERSION", "VCS_REF", "BUILD_DATE")
                .doesNotContain("hello");
        assertThat(r.stderr()).contains("Step 1/", "FROM " + base + " AS tools", "wrote build info", "ok build");

        String commit = project.head();
        String created = result.get("created").asText();
        assertThat(inImage(image + ":v1.0.2", "cat /build-info")).isEqualTo("v1.0.2|" + commit + "|" + created + "|hello|v3.20.0\n");
        assertThat(inImage(id, "cd /ctx && find . -type f | sort")).isEqualTo(String.join("\n",
                "./.dockerignore", "./.gitignore", "./Dockerfile", "./VERSION", "./docs/keep.md",
                "./policies/security/require-labels.yaml", "./ppctl.yaml", "") );
        assertThat(inImage(id, "cat /opt/tools/kyverno")).isEqualTo("kyverno v1.15.2 (stand-in)\n");

        Map<String, String> labels = labels(id);
        assertThat(labels).containsEntry("org.opencontainers.image.version", "v1.0.2")
                .containsEntry("org.opencontainers.image.revision", commit)
                .containsEntry("org.opencontainers.image.created", created)
                .containsEntry("org.opencontainers.image.source", "https://github.com/acme/policy-platform")
                .containsEntry("org.opencontainers.image.title", image)
                .containsEntry("io.ppctl.tools", "KYVERNO_VERSION=v1.15.2,HELM_VERSION=v3.20.0")
                .doesNotContainKeys("io.ppctl.session", "io.ppctl.managed");

        BuildRecord record = BuildRecord.load(Project.open(project.dir(), null, Map.of())).orElseThrow();
        assertThat(record.imageId()).isEqualTo(id);
        assertThat(record.commit()).isEqualTo(commit);
        assertThat(record.dirty()).isFalse();
        assertThat(TestDocker.docker("image", "inspect", "--format", "{{.Id}}", image + ":v1.0.2").trim()).isEqualTo(id);
    }

    @Test
    void sendsTheSameContextAsTheDockerCli() {
        String dockerfile = "FROM " + base + "\nCOPY . /ctx\nRUN cd /ctx && find . | sort > /listing\n";
        project(name("ctx"), "v0.1.0", dockerfile)
                .write(".dockerignore", "# comment\n/target\n**/*.tmp\ncache/**\n!cache/keep/**\nnode_modules\n*.md\n!README.md\nDockerfile\n")
                .write("README.md", "r").write("CHANGES.md", "c").write("a/b/c.tmp", "t").write("a/b/c.yaml", "y")
                .write("cache/keep/x", "x").write("cache/drop/y", "y").write("node_modules/m/index.js", "m")
                .write("target/t", "t").write("src/target/kept", "k").write("dir with space/f", "f")
                .commit("init");
        String byDocker = TestDocker.build(project.dir(), name("ctx") + ":docker-cli");
        CliResult r = ppctl("build", "-q", "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String listingByDocker = inImage(byDocker, "cat /listing");
        assertThat(listingByDocker).contains("./README.md", "./cache/keep/x", "./src/target/kept").doesNotContain("CHANGES.md", "c.tmp");
        assertThat(inImage(name("ctx") + ":v0.1.0", "cat /listing")).isEqualTo(listingByDocker);
    }

    @Test
    void aFailingRunStepIsExitOneNamingTheStepAndQuotingItsLastLines() {
        project(name("fail"), "v0.1.0", "FROM " + base + "\nRUN echo preparing\nRUN for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line $i; done; "
                + "echo broken; exit 3\nRUN echo never\n").commit("init");
        CliResult r = ppctl("build");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(r.stderr()).contains("    Step 2/5 : RUN echo preparing", "      preparing", "      line 1")
                .contains("ppctl: build failed at Step 3/5: RUN for i in 1 2 3", "(exit code 3); the last lines of its output:",
                        "    | line 12", "    | broken")
                .doesNotContain("never", "    | line 3\n");
        assertThat(r.stdout()).isEmpty();
        assertThat(TestDocker.containersWithLabel(TestDocker.RUN_LABEL, TestDocker.RUN_ID)).isEmpty();
        assertThat(project.path("target/ppctl/last-build.json")).doesNotExist();
    }

    @Test
    void aMissingDockerfileIsExitTwoOnOneLineAndWritesNothing() {
        project(name("missing"), "v0.1.0", "FROM " + base + "\n").delete("Dockerfile").commit("init");
        List<String> before = project.snapshot();
        CliResult r = ppctl("build");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.stderrLines()).containsExactly("ppctl: image.dockerfile: no Dockerfile at " + project.path("Dockerfile"));
        assertThat(project.snapshot()).isEqualTo(before);
        project.write("ppctl.yaml", "image:\n  context: build\n");
        assertThat(ppctl("build").stderrLines()).singleElement().asString().contains("image.context: the build context");
    }

    @Test
    void anImageOverItsSizeBudgetFailsNamingItsLargestLayersAndIsNotTagged() {
        String image = name("fat");
        project(image, "v0.1.0", "FROM " + base + "\nRUN dd if=/dev/zero of=/ballast bs=1000 count=3000 2>/dev/null\nCOPY VERSION /\n")
                .write("ppctl.yaml", "image:\n  name: " + image + "\n  sizeBudget: 10MB\n").commit("init");
        CliResult r = ppctl("build", "--max-size", "4MB");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CHECK_FAILED.code());
        // 5.0 MB on Docker 20.10 and on Docker 29's containerd image store (whose own Size, 6.1 MB, adds the compressed
        // copies of the layers: ppctl adds up the history there); Podman counts the busybox --install layer's symlinks
        // as 143 kB (5.1 MB). Checked against the engine's figures below.
        assertThat(r.stderr()).containsPattern("ppctl: image [0-9a-f]{12} is 5\\.[01] MB, [0-9.]+ [kM]B over the size budget of 4\\.0 MB \\(--max-size\\); its largest layers:")
                .contains("     3.0 MB  RUN dd if=/dev/zero of=/ballast bs=1000 count=3000 2>/dev/null", "COPY file:");
        assertThat(TestDocker.imageExists(image + ":v0.1.0")).isFalse();
        assertThat(project.path("target/ppctl/last-build.json")).doesNotExist();

        CliResult within = ppctl("build", "-q");
        assertThat(within.exitCode()).as(within.toString()).isZero();
        assertThat(within.stderr()).isEmpty();
        assertThat(within.stdout()).contains("size    " + ByteSize.format(size(image + ":v0.1.0")) + " (budget 10.0 MB)");
    }

    @Test
    void interruptingTheBuildingThreadStopsTheBuildAndLeavesNoContainer() throws Exception {
        project(name("interrupt"), "v0.1.0", "FROM " + base + "\nRUN echo started; sleep 60; echo finished\n").commit("init");
        CountDownLatch started = new CountDownLatch(1);
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventBus events = new EventBus().subscribe(e -> {
            // The step's output line, not its "Step 2/3 : RUN echo started; ..." line, which comes before the container.
            if (e instanceof Event.Log log && log.line().strip().equals("started")) {
                started.countDown();
            }
            if (e instanceof Event.Warning w) {
                warnings.add(w.message());
            }
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread builder = new Thread(() -> {
            try (StepContext ctx = new StepContext(Project.open(project.dir(), null, Map.of()), events)) {
                new BuildStep(BuildOptions.DEFAULT).run(ctx);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        builder.start();
        assertThat(started.await(60, TimeUnit.SECONDS)).as("the RUN step started").isTrue();
        if (!Engine.current().podman()) {
            // Podman's build containers (buildah's) are not containers of its Docker API: nothing to list or remove
            // there; Podman finishes the running step after the client has gone, then removes its container itself.
            assertThat(TestDocker.containersWithLabel(TestDocker.RUN_LABEL, TestDocker.RUN_ID)).hasSize(1);
        }
        long start = System.nanoTime();
        builder.interrupt();
        builder.join(Duration.ofSeconds(20).toMillis());
        assertThat(builder.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(thrown.get()).isInstanceOf(PpctlException.class);
        assertThat(((PpctlException) thrown.get()).exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(TestDocker.containersWithLabel(TestDocker.RUN_LABEL, TestDocker.RUN_ID)).isEmpty();
        assertThat(Cleanup.global().pending()).isZero();
        assertThat(TestDocker.imageExists(name("interrupt") + ":v0.1.0")).isFalse();
        if (Engine.current().podman()) {
            assertThat(warnings).containsExactly("Podman runs Step 2/3: RUN echo started; sleep 60; echo finished in a container of "
                    + "its builder (buildah), not of its Docker API: ppctl cannot stop or remove it; Podman lets that step finish, then removes it");
        } else {
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void theSizeIsComparedWithThePreviousReleaseHeldLocally() {
        String image = name("compare");
        project(image, "v1.0.2", "FROM " + base + "\nCOPY VERSION /\n").commit("init");
        TestDocker.docker("tag", base, image + ":v1.0.1");
        TestDocker.docker("tag", base, image + ":v2.0.0");
        CliResult r = ppctl("build", "-q");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // The engine's own sizes (docker image inspect): +7 B on Docker; Podman counts the new layer's tar, +3.8 kB.
        long delta = size(image + ":v1.0.2") - size(image + ":v1.0.1");
        assertThat(delta).isPositive();
        assertThat(r.stdout()).containsPattern("size    \\d\\.\\d MB \\(\\+" + java.util.regex.Pattern.quote(
                ByteSize.format(delta)) + " vs v1\\.0\\.1\\)");
    }

    /**
     * The size ppctl reports and budgets: the engine's Size, except on the containerd image store, whose Size adds the
     * compressed copies of the layers: there the layers of docker history, unpacked, added up.
     */
    private static long size(String ref) {
        long inspected = Long.parseLong(TestDocker.docker("image", "inspect", "--format", "{{.Size}}", ref).strip());
        if (!Engine.current().containerdStore()) {
            return inspected;
        }
        long layers = TestDocker.docker("history", "--no-trunc", "--human=false", "--format", "{{.Size}}", ref).lines()
                .mapToLong(l -> Long.parseLong(l.strip())).sum();
        assertThat(layers).as("docker history of " + ref + " against its Size").isPositive().isLessThan(inspected);
        return layers;
    }

    @Test
    void rebuildingACleanCommitIsServedFromTheCacheAsTheSameImage() throws Exception {
        project(name("again"), "v0.2.0", "FROM " + base + "\nARG BUILD_DATE\nRUN echo \"$BUILD_DATE\" > /built\n").commit("init");
        String first = JSON.readTree(ppctl("build", "-q", "--output", "json").stdout()).get("imageId").asText();
        // Without the record of the last build ppctl cannot reuse its image: the daemon is asked, and its cache answers.
        java.nio.file.Files.delete(project.path("target/ppctl/last-build.json"));
        CliResult again = ppctl("build", "--output", "json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(JSON.readTree(again.stdout()).get("imageId").asText()).isEqualTo(first);
        assertThat(JSON.readTree(again.stdout()).get("reused").asBoolean()).isFalse();
        // ARG, RUN and ppctl's LABEL: every step after FROM comes from the cache
        // Docker says "---> Using cache", Podman "--> Using cache <id>"
        assertThat(again.stderr().split("-> Using cache", -1)).hasSize(4);
        CliResult fresh = ppctl("build", "-q", "--no-cache", "--output", "json");
        assertThat(JSON.readTree(fresh.stdout()).get("imageId").asText()).isNotEqualTo(first);
    }

    @Test
    void theSameInputsReuseTheLastImageAndAnyChangedInputBuildsAgain() throws Exception {
        String baseRef = name("reuse-base") + ":1";
        TestDocker.docker("tag", base, baseRef);
        String image = name("reuse");
        project(image, "v0.3.0", "FROM " + baseRef + "\nCOPY policies/ /repos/\nRUN cat /repos/a/p.yaml > /seen\n")
                .write(".dockerignore", ".git\ntarget\nscratch\n").write(".gitignore", "target/\nscratch/\n")
                .write("policies/a/p.yaml", "kind: ClusterPolicy\n").commit("init");
        String first = JSON.readTree(ppctl("build", "-q", "--output", "json").stdout()).get("imageId").asText();

        CliResult same = ppctl("build", "--output", "json");
        assertThat(same.exitCode()).as(same.toString()).isZero();
        JsonNode result = JSON.readTree(same.stdout());
        assertThat(result.get("imageId").asText()).isEqualTo(first);
        assertThat(result.get("reused").asBoolean()).isTrue();
        assertThat(result.get("context").isNull()).as("nothing sent").isTrue();
        assertThat(same.stderr()).contains("inputs unchanged since the build of", "reusing " + first.substring(7, 19))
                .doesNotContain("Step 1/");
        assertThat(ppctl("build").stdout()).startsWith("unchanged " + image + ":v0.3.0");

        project.write("scratch/notes.txt", "not in the context\n");
        assertThat(JSON.readTree(ppctl("build", "-q", "--output", "json").stdout()).get("reused").asBoolean())
                .as("a file the .dockerignore drops").isTrue();

        project.write("policies/a/p.yaml", "kind: ClusterPolicy # edited\n").commit("edit");
        JsonNode edited = JSON.readTree(ppctl("build", "-q", "--output", "json").stdout());
        assertThat(edited.get("reused").asBoolean()).isFalse();
        assertThat(inImage(edited.get("imageId").asText(), "cat /seen")).isEqualTo("kind: ClusterPolicy # edited\n");

        // the base image's tag now names another image: the daemon must build on it
        java.nio.file.Path other = TestDocker.tempDir("reuse-base");
        try {
            java.nio.file.Files.writeString(other.resolve("Dockerfile"), "FROM " + base + "\nRUN echo other > /other\n");
            TestDocker.docker("tag", TestDocker.build(other, name("reuse-base") + ":2"), baseRef);
        } finally {
            TestProject.deleteTree(other);
        }
        JsonNode rebased = JSON.readTree(ppctl("build", "-q", "--output", "json").stdout());
        assertThat(rebased.get("reused").asBoolean()).isFalse();
        assertThat(rebased.get("imageId").asText()).isNotEqualTo(edited.get("imageId").asText());

        // the last image removed: built again (from the daemon's cache)
        TestDocker.docker("rmi", image + ":v0.3.0");
        CliResult removed = ppctl("build", "--output", "json");
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(JSON.readTree(removed.stdout()).get("reused").asBoolean()).isFalse();
        assertThat(removed.stderr()).contains("Step 1/");

        CliResult noCache = ppctl("build", "-q", "--no-cache", "--output", "json");
        assertThat(JSON.readTree(noCache.stdout()).get("reused").asBoolean()).isFalse();
    }

    @Test
    void anUnreachableDaemonIsExitThreeAndRecordsNothing() {
        project(name("nodaemon"), "v0.1.0", "FROM " + base + "\n").commit("init");
        CliResult r = Cli.run(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), "-C", project.dir().toString(), "build", "-q");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.ENVIRONMENT.code());
        assertThat(r.stderr()).contains("cannot reach the Docker daemon at unix:///nonexistent/docker.sock");
        assertThat(project.path("target/ppctl/last-build.json")).doesNotExist();
        CliResult tag = ppctl("tag");
        assertThat(tag.stderrLines()).containsExactly("ppctl: no image to work on: run 'ppctl build' first, or name one with --image REF");
    }

    private static Map<String, String> labels(String image) throws Exception {
        JsonNode node = JSON.readTree(TestDocker.docker("image", "inspect", "--format", "{{json .Config.Labels}}", image));
        return JSON.convertValue(node, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
    }
}
