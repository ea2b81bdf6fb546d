package io.ppctl.policies;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppctl.config.PolicyRepoConfig;
import io.ppctl.core.AtomicFile;
import io.ppctl.core.ExitCode;
import io.ppctl.core.InputFiles;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Text;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * policies.lock: JSON with sorted keys, one field per line, entries sorted by name, so that a change of pin is
 * a small, readable diff in review. Anything that does not look exactly like what ppctl writes is refused
 * (exit 2) with the problem named: a lock that was corrupted or edited by hand must not pin an image.
 */
public final class LockFile {
    public static final String NAME = "policies.lock";
    static final int FORMAT_VERSION = 1;
    static final String COMMENT = "Pinned policy repos. Written by 'ppctl policies update'; edit ppctl.yaml, not this file.";
    private static final List<String> ENTRY_KEYS = List.of("commit", "digest", "name", "path", "ref", "url");
    private static final String HINT = "restore it with 'git checkout " + NAME + "', or re-pin with 'ppctl policies update'";
    private static final ObjectMapper JSON = JsonMappers.plain()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private LockFile() {}

    public static Path of(Path projectDir) {
        return projectDir.resolve(NAME);
    }

    /** The lock, or empty when the project has none yet. */
    public static Optional<PolicyLock> read(Path file) {
        String text;
        try {
            text = InputFiles.readText(file, InputFiles.TEXT_LIMIT);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (InputFiles.Refused e) {
            throw corrupt(file.getFileName() + ": " + e.getMessage());
        } catch (MalformedInputException e) {
            throw corrupt(file.getFileName() + ": not UTF-8 text");
        } catch (IOException e) {
            throw PpctlException.usage("cannot read " + file + ": " + e.getMessage());
        }
        return Optional.of(parse(file.getFileName().toString(), text));
    }

    public static void write(Path file, PolicyLock lock) {
        AtomicFile.write(file, format(lock));
    }

    static String format(PolicyLock lock) {
        ObjectNode root = JSON.createObjectNode();
        root.put("comment", COMMENT);
        ArrayNode repos = root.putArray("repos");
        for (PolicyLock.Entry e : lock.repos()) {
            ObjectNode n = repos.addObject();
            n.put("commit", e.commit());
            n.put("digest", e.digest());
            n.put("name", e.name());
            n.put("path", e.path());
            n.put("ref", e.ref());
            n.put("url", e.url());
        }
        root.put("version", FORMAT_VERSION);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("").withObjectEmptySeparator(""));
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return JSON.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and validates; {@code name} is the file name used in messages. */
    static PolicyLock parse(String name, String text) {
        if (text.lines().anyMatch(l -> l.startsWith("<<<<<<<") || l.startsWith(">>>>>>>"))) {
            throw new PpctlException(ExitCode.USAGE, name + ": holds git merge conflict markers", "take one side "
                    + "('git checkout --theirs " + NAME + "'), then run 'ppctl policies update' to pin what ppctl.yaml asks for", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw corrupt(name + where + ": not valid JSON: " + Text.firstLine(e.getOriginalMessage())
                    .replaceAll(" \\(for .*|: expected a valid value.*| *\\[Source.*", ""));
        }
        if (root == null || !root.isObject()) {
            throw corrupt(name + ": expected a JSON object with 'version' and 'repos'");
        }
        unknownKeys(name, "", root, List.of("comment", "repos", "version"));
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != FORMAT_VERSION) {
            throw corrupt(name + ": 'version' must be " + FORMAT_VERSION + (version == null ? " (missing)" : ", found " + version));
        }
        JsonNode repos = root.get("repos");
        if (repos == null || !repos.isArray()) {
            throw corrupt(name + ": 'repos' must be a list");
        }
        List<PolicyLock.Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < repos.size(); i++) {
            PolicyLock.Entry e = entry(name, "repos[" + i + "]", repos.get(i));
            if (!names.add(e.name())) {
                throw corrupt(name + ": the repo '" + e.name() + "' is pinned twice");
            }
            entries.add(e);
        }
        return new PolicyLock(entries);
    }

    private static PolicyLock.Entry entry(String file, String at, JsonNode n) {
        if (!n.isObject()) {
            throw corrupt(file + ": " + at + " must be an object");
        }
        unknownKeys(file, at + ".", n, ENTRY_KEYS);
        for (String key : ENTRY_KEYS) {
            if (!n.has(key)) {
                throw corrupt(file + ": " + at + " has no '" + key + "'");
            }
            if (!n.get(key).isTextual()) {
                throw corrupt(file + ": " + at + "." + key + " must be a string");
            }
        }
        String name = n.get("name").asText();
        String url = n.get("url").asText();
        String ref = n.get("ref").asText();
        String commit = n.get("commit").asText();
        String path = n.get("path").asText();
        String digest = n.get("digest").asText();
        String where = file + ": " + at + " (" + name + ")";
        if (!PolicyRepoConfig.validName(name)) {
            throw corrupt(file + ": " + at + ".name '" + name + "' is not a valid folder name");
        }
        if (url.isBlank()) {
            throw corrupt(where + ": empty url");
        }
        if (!GitUrls.redact(url).equals(url)) {
            throw corrupt(where + ": the url carries credentials; a lock file must never hold them");
        }
        if (ref.isBlank()) {
            throw corrupt(where + ": empty ref");
        }
        if (!commit.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
            throw corrupt(where + ": commit '" + commit + "' is not a full commit id");
        }
        if (!PolicyRepoConfig.validPath(path) || !PolicyPaths.normalize(path).equals(path)) {
            throw corrupt(where + ": path '" + path + "' is not a normalised relative folder");
        }
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw corrupt(where + ": digest '" + digest + "' is not sha256:<64 hex digits>");
        }
        return new PolicyLock.Entry(name, url, ref, commit, path, digest);
    }

    private static void unknownKeys(String file, String at, JsonNode n, List<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw corrupt(file + ": unknown key '" + at + key + "'");
            }
        }
    }

    static PpctlException corrupt(String message) {
        return new PpctlException(ExitCode.USAGE, message, HINT, null);
    }
}
