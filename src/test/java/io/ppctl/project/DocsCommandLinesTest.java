package io.ppctl.project;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Markdown a user copies from: every ppctl command line in README.md, CONTRIBUTING.md and docs/**&#47;*.md is one
 * that ppctl's own parser accepts (the command exists, every option exists and takes what it is given), whether it
 * is in a fenced block or in inline code. And the docs hang together: every page is linked from the README, every
 * relative link reaches a file, and every #anchor a heading of it.
 */
class DocsCommandLinesTest {
    private static final Pattern FENCE = Pattern.compile("(?m)^```([A-Za-z0-9_-]*)[^\\n]*\\n(.*?)^```", Pattern.DOTALL);
    /** Fenced blocks in these languages are data, not shell: their lines are never command lines. */
    private static final Set<String> DATA = Set.of("yaml", "yml", "json", "dockerfile", "xml", "java", "toml", "ini", "properties");
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
    /** Inline code that is a command line: ppctl, then a command or an option (not ppctl.yaml, not "ppctl <author>"). */
    private static final Pattern INLINE_COMMAND = Pattern.compile("(?:\\./)?ppctl\\s+[a-z-].*", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    /**
     * A ppctl invocation and where it is written; {@code complete} unless it is inline code, which may name a command
     * without the parameters it requires.
     */
    record Use(String file, int line, List<String> args, boolean complete) {
        String where() {
            return file + ":" + line + ": ppctl " + String.join(" ", args);
        }
    }

    @Test
    void everyPpctlCommandLineInTheMarkdownIsAcceptedByPpctlsParser() {
        List<Use> uses = new ArrayList<>();
        for (Path f : markdownFiles()) {
            uses.addAll(invocations(RepoFiles.relative(f), RepoFiles.read(f)));
        }
        List<String> problems = problems(uses);
        assertThat(problems)
                .withFailMessage("%d of %d ppctl command lines in the Markdown are not accepted by ppctl's CLI:%n%s",
                        problems.size(), uses.size(), String.join(System.lineSeparator(), problems))
                .isEmpty();
        assertThat(uses.stream().filter(u -> u.file().equals("README.md"))).as("command lines checked in README.md").hasSizeGreaterThan(10);
        assertThat(uses.stream().filter(u -> u.file().equals("CONTRIBUTING.md"))).as("in CONTRIBUTING.md").isNotEmpty();
    }

    @Test
    void everyCommandPageShowsItsCommandInACheckedExample() {
        for (Path page : RepoFiles.files("docs/commands", ".md")) {
            String name = page.getFileName().toString().replace(".md", "");
            if (name.equals("README")) {
                continue;
            }
            List<Use> uses = invocations(RepoFiles.relative(page), RepoFiles.read(page));
            assertThat(uses).as(RepoFiles.relative(page) + " has an example of ppctl " + name)
                    .anyMatch(u -> u.args().contains(name));
        }
    }

    @Test
    void theCheckFailsOnAnUnknownOptionInABlockOrInInlineCode() {
        String markdown = """
                Run it:

                ```bash
                ppctl build --no-cache    # fine
                ./ppctl build --no-such-option
                ```

                or `ppctl smoke-test --imgae x`, with `ppctl.yaml` and `ppctl <ppctl@localhost>` being no commands.

                ```yaml
                command: ppctl release --not-checked-in-yaml
                ```
                """;
        List<Use> uses = invocations("x.md", markdown);
        assertThat(uses).extracting(Use::line).containsExactly(4, 5, 8);
        assertThat(problems(uses)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("x.md:5: ppctl build --no-such-option").contains("has no option [--no-such-option]"))
                .anySatisfy(p -> assertThat(p).startsWith("x.md:8: ppctl smoke-test --imgae x").contains("has no option [--imgae]"));
    }

    @Test
    void anUnknownOptionIsRefusedAlsoWhereTheCommandTakesFreeParameters() {
        assertThat(WorkflowCommandsTest.problem(List.of("rollback", "v1.0.1", "--dryrun"))).isPresent();
        assertThat(WorkflowCommandsTest.problem(List.of("policies", "update", "security-policy", "--too", "v2"))).isPresent();
        assertThat(WorkflowCommandsTest.problem(List.of("consumers", "update", "--allow-majr"))).isPresent();
        assertThat(WorkflowCommandsTest.problem(List.of("verify", "ghcr.io/acme/p:v1", "--key", "k.pub", "--insecur"))).isPresent();
    }

    @Test
    void everyDocsPageIsLinkedFromTheReadme() {
        Set<String> linked = new LinkedHashSet<>();
        Matcher m = LINK.matcher(RepoFiles.read("README.md"));
        while (m.find()) {
            linked.add(Path.of(m.group(1).replaceFirst("#.*", "")).normalize().toString());
        }
        for (Path page : markdownFiles()) {
            String rel = RepoFiles.relative(page);
            if (!rel.equals("README.md")) {
                assertThat(linked).as("README.md links to " + rel).contains(rel);
            }
        }
    }

    @Test
    void everyRelativeLinkReachesAFileAndItsAnchorAHeading() {
        List<String> broken = new ArrayList<>();
        for (Path f : markdownFiles()) {
            String text = withoutFencedBlocks(RepoFiles.read(f));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                String file = target.replaceFirst("#.*", "");
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? f : f.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(RepoFiles.relative(f) + ": " + target + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(RepoFiles.read(resolved)).contains(anchor)) {
                    broken.add(RepoFiles.relative(f) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** README.md, CONTRIBUTING.md and every Markdown file under docs/. */
    static List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>(List.of(RepoFiles.path("README.md"), RepoFiles.path("CONTRIBUTING.md")));
        files.addAll(RepoFiles.files("docs", ".md"));
        return files;
    }

    /** The ppctl invocations of a Markdown text: in fenced blocks that are not data, and in inline code. */
    static List<Use> invocations(String file, String markdown) {
        List<Use> out = new ArrayList<>();
        Matcher block = FENCE.matcher(markdown);
        while (block.find()) {
            if (DATA.contains(block.group(1).toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (ShellInvocations.Found found : ShellInvocations.find(block.group(2), lineOf(markdown, block.start(2)))) {
                out.add(new Use(file, found.line(), found.args(), true));
            }
        }
        String prose = withoutFencedBlocks(markdown);
        Matcher inline = INLINE.matcher(prose);
        while (inline.find()) {
            String code = inline.group(1).replaceAll("\\s+", " ").strip();
            if (INLINE_COMMAND.matcher(code).matches()) {
                for (ShellInvocations.Found found : ShellInvocations.find(code, lineOf(prose, inline.start(1)))) {
                    out.add(new Use(file, found.line(), found.args(), false));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(Use::line));
        return out;
    }

    private static List<String> problems(List<Use> uses) {
        List<String> problems = new ArrayList<>();
        for (Use u : uses) {
            WorkflowCommandsTest.problem(u.args(), u.complete()).ifPresent(p -> problems.add(u.where() + "\n    -> " + p));
        }
        return problems;
    }

    /** The text with every fenced block's lines blanked, so that line numbers stay those of the file. */
    private static String withoutFencedBlocks(String markdown) {
        Matcher m = FENCE.matcher(markdown);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(markdown, last, m.start()).append(m.group().replaceAll("[^\\n]", ""));
            last = m.end();
        }
        return out.append(markdown.substring(last)).toString();
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    /** GitHub's anchors for the headings of a Markdown text: lower case, punctuation dropped, spaces as dashes. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : withoutFencedBlocks(markdown).split("\n")) {
            if (line.matches("#{1,6} .*")) {
                String title = line.replaceFirst("#{1,6} ", "").strip().toLowerCase(Locale.ROOT);
                out.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }
}
