package io.ppctl.project;

import io.ppctl.version.BumpAdvisor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfile of the policy-platform image, read the way docker reads it (instructions, stages), without Docker. */
class DockerfileTest {
    private static final List<String> ARCHITECTURES = List.of("AMD64", "ARM64");

    /** One instruction: ARG, FROM, RUN... with its arguments, continuation lines joined and comments removed. */
    record Instruction(int line, String keyword, String args) {}

    static List<Instruction> instructions(String dockerfile) {
        List<Instruction> out = new ArrayList<>();
        String[] lines = dockerfile.split("\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#") || (line.isEmpty() && current == null)) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            String text = (continues ? line.substring(0, line.length() - 1) : line).strip();
            if (current == null) {
                current = new StringBuilder(text);
                start = i + 1;
            } else {
                current.append(' ').append(text);
            }
            if (!continues) {
                String joined = current.toString().strip();
                int space = joined.indexOf(' ');
                out.add(new Instruction(start, joined.substring(0, space).toUpperCase(Locale.ROOT), joined.substring(space + 1).strip()));
                current = null;
            }
        }
        return out;
    }

    private static final String DOCKERFILE = RepoFiles.read("Dockerfile");
    private static final List<Instruction> ALL = instructions(DOCKERFILE);

    /** The instructions of the last stage: what the image is made of. */
    private static List<Instruction> finalStage() {
        int lastFrom = 0;
        for (int i = 0; i < ALL.size(); i++) {
            if (ALL.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return ALL.subList(lastFrom, ALL.size());
    }

    private static List<String> args(List<Instruction> in, String keyword) {
        return in.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
    }

    @Test
    void pinsExactlyKyvernoPlutoAndHelmToReleases() {
        Map<String, String> tools = BumpAdvisor.toolVersions(DOCKERFILE);
        assertThat(tools).containsOnlyKeys("KYVERNO_VERSION", "PLUTO_VERSION", "HELM_VERSION");
        tools.forEach((arg, version) -> assertThat(version).as(arg).matches("\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void everyPinnedVersionHasAChecksumPerArchitecture() {
        List<String> checksums = new ArrayList<>();
        for (String arg : BumpAdvisor.toolVersions(DOCKERFILE).keySet()) {
            String tool = arg.substring(0, arg.length() - "_VERSION".length());
            for (String arch : ARCHITECTURES) {
                String name = tool + "_SHA256_" + arch;
                String value = argDefault(name);
                assertThat(value).as(name).matches("[0-9a-f]{64}");
                checksums.add(value);
                assertThat(args(ALL, "RUN")).as(name + " is used").anyMatch(run -> run.contains("$" + name));
            }
        }
        assertThat(checksums).doesNotHaveDuplicates();
    }

    @Test
    void everyArchiveIsVerifiedBeforeItIsUnpacked() {
        String run = args(ALL, "RUN").stream().filter(r -> r.contains("kyverno")).findFirst().orElseThrow();
        assertThat(run).contains("sha256sum -c -").contains("set -eu").contains("--fail");
        for (String tool : List.of("kyverno", "pluto", "helm")) {
            int fetched = run.indexOf("/tmp/" + tool + ".tar.gz \"$" + tool + "_sum\"");
            int unpacked = run.indexOf("tar -xzf /tmp/" + tool + ".tar.gz");
            assertThat(fetched).as(tool + " fetched with its checksum").isPositive();
            assertThat(unpacked).as(tool + " unpacked after its checksum was verified").isGreaterThan(fetched);
        }
        // Only the architectures with pinned checksums; anything else stops the build.
        assertThat(run).contains("amd64|x86_64)").contains("arm64|aarch64)").contains("exit 1");
    }

    @Test
    void toolsFromALocalFolderAreCheckedAgainstThePinsAndOtherwiseNeverUsed() {
        assertThat(args(ALL, "ARG")).contains("TOOLS_SOURCE=download", "TOOLS_DIR=tools");
        assertThat(args(ALL, "COPY")).contains("${TOOLS_DIR}/ /local/");
        assertThat(RepoFiles.path("tools/README.md")).exists();
        String run = args(ALL, "RUN").stream().filter(r -> r.contains("kyverno")).findFirst().orElseThrow();
        int local = run.indexOf("if [ \"$TOOLS_SOURCE\" = local ]");
        int download = run.indexOf("apk add --no-cache curl");
        assertThat(local).as("the local branch comes first and ends the step").isPositive().isLessThan(download);
        String branch = run.substring(local, run.indexOf("exit 0;", local));
        assertThat(branch).contains("\"Version: $KYVERNO_VERSION\"", "\"Version:$PLUTO_VERSION \"*", "\"v$HELM_VERSION\"", "exit 1");
        // Any other value stops the build instead of silently downloading.
        assertThat(run).contains("[ \"$TOOLS_SOURCE\" = download ] || {");
    }

    @Test
    void buildsInTwoStagesFromAnOverridableBaseImage() {
        assertThat(ALL.get(0)).isEqualTo(new Instruction(ALL.get(0).line(), "ARG", "BASE_IMAGE=alpine:3.22.1"));
        assertThat(args(ALL, "FROM")).containsExactly("${BASE_IMAGE} AS tools", "${BASE_IMAGE}");
    }

    @Test
    void theImageGetsOnlyTheBinariesBashCertificatesAndThePolicyRepos() {
        List<Instruction> image = finalStage();
        assertThat(args(image, "COPY")).containsExactly("--from=tools /out/ /usr/local/bin/", "policies/ /repos/");
        List<String> runs = args(image, "RUN");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0)).startsWith("apk add --no-cache bash ca-certificates &&").doesNotContain("curl");
        assertThat(args(image, "ADD")).isEmpty();
    }

    @Test
    void leavesNoPackageCacheBehind() {
        for (String run : args(ALL, "RUN")) {
            assertThat(run).doesNotContain("apk update").doesNotContain("apk upgrade");
            int at = run.indexOf("apk add");
            while (at >= 0) {
                assertThat(run.substring(at)).startsWith("apk add --no-cache");
                at = run.indexOf("apk add", at + 1);
            }
        }
    }

    @Test
    void runsAsANonRootUserInWorkspace() {
        List<Instruction> image = finalStage();
        assertThat(args(image, "USER")).containsExactly("10001:10001");
        assertThat(args(image, "WORKDIR")).containsExactly("/workspace");
        assertThat(args(image, "RUN").get(0)).contains("adduser -S -D -H -u 10001");
    }

    @Test
    void labelsTheImageFromTheBuildArgsPpctlPasses() {
        List<Instruction> image = finalStage();
        assertThat(args(image, "ARG")).contains("VERSION=dev", "VCS_REF=unknown", "BUILD_DATE=unknown");
        String labels = String.join(" ", args(image, "LABEL"));
        assertThat(labels).contains("org.opencontainers.image.version=\"${VERSION}\"",
                "org.opencontainers.image.revision=\"${VCS_REF}\"",
                "org.opencontainers.image.created=\"${BUILD_DATE}\"",
                "org.opencontainers.image.title=\"policy-platform\"");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndGitHistory() {
        List<String> ignored = RepoFiles.read(".dockerignore").lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains(".git", "target", "src", ".github");
        assertThat(ignored).as("what the build needs must stay in the context")
                .noneMatch(p -> p.startsWith("policies") || p.equals("Dockerfile") || p.equals("*"));
    }

    @Test
    void instructionsJoinContinuationLinesAndSkipComments() {
        List<Instruction> in = instructions("""
                # a comment
                ARG A=1
                RUN a \\
                    # inside
                    && b
                FROM x
                """);
        assertThat(in).containsExactly(new Instruction(2, "ARG", "A=1"), new Instruction(3, "RUN", "a && b"),
                new Instruction(6, "FROM", "x"));
    }

    private static String argDefault(String name) {
        return args(ALL, "ARG").stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
                .findFirst().orElse("");
    }
}
