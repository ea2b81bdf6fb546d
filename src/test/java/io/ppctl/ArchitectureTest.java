package io.ppctl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of ppctl, read from the import lines of src/main (the graph scripts/package-graph prints):
 * cli/ may use anything and nothing but the entry point uses cli/; only docker/ talks to docker-java; pipeline/ is
 * machinery that knows no step; the packages form no cycle. Code names a class of ppctl by its import, never by its
 * full name, so that the imports are the whole truth these rules read.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;");
    private static final Pattern FULL_NAME = Pattern.compile("\\bio\\.ppctl\\.(?:[a-z]\\w*\\.)*[A-Z]");
    /** What the steps and commands are made of; pipeline/ runs them and must not know any of them. */
    private static final Set<String> FEATURES = Set.of("build", "tag", "smoke", "integration", "scan", "push", "release",
            "rollback", "supplychain", "consumers", "policies", "doctor", "clean", "rules", "context");
    private static final String ROOT = "(root)";

    /** A source file of src/main: its package under io.ppctl ({@link #ROOT} for io.ppctl), its imports, its lines. */
    private record Source(Path file, String pkg, List<String> imports, List<String> lines) {
        /** The io.ppctl packages this file imports from, other than its own. */
        Set<String> ppctlPackages() {
            Set<String> out = new TreeSet<>();
            imports.stream().filter(i -> i.startsWith("io.ppctl.")).map(ArchitectureTest::packageOf)
                    .filter(p -> !p.equals(pkg)).forEach(out::add);
            return out;
        }
    }

    private static final List<Source> SOURCES = read();

    private static List<Source> read() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().map(f -> {
                try {
                    List<String> lines = Files.readAllLines(f);
                    List<String> imports = lines.stream().map(IMPORT::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
                    return new Source(f, packageOf(MAIN.relativize(f).toString().replace('/', '.')), imports, lines);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** io.ppctl.cli.X -> cli, io.ppctl.Ppctl -> (root): the first segment under io.ppctl, as scripts/package-graph names it. */
    private static String packageOf(String name) {
        String rest = name.substring("io.ppctl.".length());
        int dot = rest.indexOf('.');
        String first = dot < 0 ? rest : rest.substring(0, dot);
        return Character.isUpperCase(first.charAt(0)) ? ROOT : first;
    }

    private static List<String> violations(Predicate<Source> applies, Predicate<String> forbiddenImport) {
        List<String> out = new ArrayList<>();
        for (Source s : SOURCES) {
            if (applies.test(s)) {
                s.imports().stream().filter(forbiddenImport).forEach(i -> out.add(MAIN.relativize(s.file()) + " imports " + i));
            }
        }
        return out;
    }

    @Test
    void theSourcesAreRead() {
        assertThat(SOURCES).hasSizeGreaterThan(100);
        assertThat(SOURCES.stream().map(Source::pkg)).contains(ROOT, "cli", "docker", "pipeline");
    }

    @Test
    void nothingButTheEntryPointImportsCli() {
        assertThat(violations(s -> !s.pkg().equals("cli") && !s.pkg().equals(ROOT), i -> i.startsWith("io.ppctl.cli."))).isEmpty();
    }

    @Test
    void onlyDockerImportsDockerJava() {
        assertThat(violations(s -> !s.pkg().equals("docker"), i -> i.startsWith("com.github.dockerjava."))).isEmpty();
    }

    @Test
    void pipelineImportsNoFeaturePackage() {
        assertThat(violations(s -> s.pkg().equals("pipeline"),
                i -> i.startsWith("io.ppctl.") && FEATURES.contains(packageOf(i)))).isEmpty();
    }

    @Test
    void thePackagesFormNoCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source s : SOURCES) {
            graph.computeIfAbsent(s.pkg(), p -> new TreeSet<>()).addAll(s.ppctlPackages());
        }
        for (String start : graph.keySet()) {
            assertThat(cycleThrough(start, graph)).as("a cycle through " + start).isEmpty();
        }
    }

    /** A path start -> ... -> start in the graph, if there is one (breadth first, so the shortest). */
    private static Optional<List<String>> cycleThrough(String start, Map<String, Set<String>> graph) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.add(List.of(start));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.poll();
            for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(start)) {
                    return Optional.of(longer);
                }
                if (seen.add(next)) {
                    paths.add(longer);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void codeNamesPpctlClassesByImportOnly() {
        List<String> named = new ArrayList<>();
        for (Source s : SOURCES) {
            for (int n = 0; n < s.lines().size(); n++) {
                String line = s.lines().get(n).strip();
                boolean comment = line.startsWith("*") || line.startsWith("/*") || line.startsWith("//");
                boolean declaration = line.startsWith("import ") || line.startsWith("package ");
                String code = line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("//.*$", "");
                if (!comment && !declaration && FULL_NAME.matcher(code).find()) {
                    named.add(MAIN.relativize(s.file()) + ":" + (n + 1) + ": " + line);
                }
            }
        }
        assertThat(named).isEmpty();
    }

    @Test
    void theStartUpTrainingIsNotInTheProduct() {
        assertThat(MAIN.resolve("io/ppctl/startup")).doesNotExist();
    }
}
