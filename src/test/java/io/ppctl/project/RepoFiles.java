package io.ppctl.project;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files of this repository that make up the policy-platform image, read relative to the Maven basedir. */
final class RepoFiles {
    private RepoFiles() {}

    static Path root() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file, as plain maps and lists (safe constructor: no custom types). */
    static List<Object> yamlDocuments(String text) {
        List<Object> out = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (doc != null) {
                out.add(doc);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yamlMap(Path file) {
        List<Object> docs = yamlDocuments(read(file));
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new AssertionError(root().relativize(file) + ": expected exactly one YAML mapping, found " + docs.size() + " document(s)");
        }
        return (Map<String, Object>) docs.get(0);
    }

    static Map<String, Object> yamlMap(String relative) {
        return yamlMap(path(relative));
    }

    /** Files below {@code relative} whose names end with {@code suffix}, sorted. */
    static List<Path> files(String relative, String suffix) {
        try (Stream<Path> s = Files.walk(path(relative))) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy repos: every folder directly under policies/. */
    static List<String> policyRepos() {
        try (Stream<Path> s = Files.list(path("policies"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value at a dotted path in nested maps, or null. */
    @SuppressWarnings("unchecked")
    static Object at(Object root, String dottedPath) {
        Object current = root;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    static String relative(Path file) {
        return root().relativize(file).toString();
    }
}
