package io.ppctl.config;

import io.ppctl.core.ByteSize;
import io.ppctl.core.Durations;
import io.ppctl.core.Quote;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one YAML mapping of the configuration, key by key, and records every problem with its key path
 * and position instead of stopping at the first. Keys that no accessor asked for are reported as unknown
 * by {@link #finish()}, with a "did you mean" hint.
 */
public final class ConfigReader {
    private final String file;
    private final String path;
    private final MappingNode node;
    private final Node owner;
    private final List<ConfigProblem> problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();

    private ConfigReader(String file, String path, MappingNode node, Node owner, List<ConfigProblem> problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.owner = owner;
        this.problems = problems;
        if (node != null) {
            for (NodeTuple tuple : node.getValue()) {
                Node keyNode = tuple.getKeyNode();
                String key = keyNode instanceof ScalarNode s ? s.getValue() : null;
                if (key == null) {
                    problemAt(keyNode, path, "keys must be plain strings");
                } else if (entries.containsKey(key)) {
                    problemAt(keyNode, join(key), "duplicate key");
                } else {
                    entries.put(key, tuple);
                }
            }
        }
    }

    /** A reader for the document root; a null node (empty file) reads as all defaults. */
    static ConfigReader root(String file, Node document, List<ConfigProblem> problems) {
        if (document == null || document instanceof MappingNode) {
            return new ConfigReader(file, "", (MappingNode) document, document, problems);
        }
        ConfigReader reader = new ConfigReader(file, "", null, document, problems);
        reader.problemAt(document, "", "the top level must be a mapping of keys (image:, tags:, ...), found " + describe(document));
        return reader;
    }

    /** A reader over nothing: every accessor returns its default. For defaults of absent sections. */
    static ConfigReader empty(String file, String path, List<ConfigProblem> problems) {
        return new ConfigReader(file, path, null, null, problems);
    }

    public String path() {
        return path;
    }

    public boolean present() {
        return node != null;
    }

    public boolean has(String key) {
        known.add(key);
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    public String string(String key, String defaultValue) {
        Node value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof ScalarNode s) {
            return s.getValue();
        }
        problemAt(value, join(key), "expected a string, found " + describe(value));
        return defaultValue;
    }

    /** A string that must be one of {@code allowed} (compared case-insensitively, returned as listed). */
    public String choice(String key, String defaultValue, List<String> allowed) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(raw.trim())) {
                return a;
            }
        }
        problemAt(value(key), join(key), Quote.of(raw) + " is not one of " + String.join(", ", allowed));
        return defaultValue;
    }

    public boolean bool(String key, boolean defaultValue) {
        Node value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue()) || "yes".equalsIgnoreCase(s.getValue()) || "on".equalsIgnoreCase(s.getValue());
        }
        problemAt(value, join(key), "expected true or false, found " + describe(value));
        return defaultValue;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Node value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            try {
                int n = Integer.parseInt(s.getValue().replace("_", ""));
                if (n < min || n > max) {
                    problemAt(value, join(key), "must be between " + min + " and " + max + ", found " + n);
                    return defaultValue;
                }
                return n;
            } catch (NumberFormatException e) {
                if (s.getValue().replace("_", "").matches("[-+]?\\d+")) {
                    problemAt(value, join(key), "must be between " + min + " and " + max + ", found " + describe(value));
                    return defaultValue;
                }
                // otherwise (0x1f, 0o17) fall through to the type problem
            }
        }
        problemAt(value, join(key), "expected a whole number, found " + describe(value));
        return defaultValue;
    }

    /** The longest timeout a key takes unless it names its own bound. */
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    /** A duration such as 30s, 2m, 1h30m or 500ms, at most a day. */
    public Duration duration(String key, Duration defaultValue) {
        return duration(key, defaultValue, MAX_TIMEOUT);
    }

    /** A duration longer than zero and at most {@code max}. */
    public Duration duration(String key, Duration defaultValue, Duration max) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            Duration d = Durations.parse(raw, max);
            if (d.isZero() || d.isNegative()) {
                problemAt(value(key), join(key), "must be longer than zero");
                return defaultValue;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problemAt(value(key), join(key), e.getMessage());
            return defaultValue;
        }
    }

    /** A size such as 300MB, 1.5GB or 250MiB, in bytes, at most {@code max}; null when absent. */
    public Long byteSize(String key, long max) {
        String raw = string(key, null);
        if (raw == null) {
            return null;
        }
        try {
            return ByteSize.parse(raw, max);
        } catch (IllegalArgumentException e) {
            problemAt(value(key), join(key), e.getMessage());
            return null;
        }
    }

    /** A list of strings; a single string is accepted as a one-element list only when {@code allowScalar}. */
    public List<String> stringList(String key, List<String> defaultValue, boolean allowScalar) {
        Node value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (allowScalar && value instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        if (!(value instanceof SequenceNode seq)) {
            problemAt(value, join(key), "expected a list, found " + describe(value));
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s) {
                out.add(s.getValue());
            } else {
                problemAt(item, join(key) + "[" + i + "]", "expected a string, found " + describe(item));
            }
            i++;
        }
        return List.copyOf(out);
    }

    /** A list of regular expressions, each compiled now so a bad one is reported with its position. */
    public List<Pattern> patternList(String key) {
        Node value = value(key);
        List<String> raw = stringList(key, List.of(), false);
        List<Pattern> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                out.add(Pattern.compile(raw.get(i), Pattern.MULTILINE));
            } catch (PatternSyntaxException e) {
                Node item = value instanceof SequenceNode seq ? seq.getValue().get(i) : value;
                problemAt(item, join(key) + "[" + i + "]", "invalid regular expression: " + e.getDescription());
            }
        }
        return List.copyOf(out);
    }

    /** A mapping of string to string (env, labels, build args). Scalars of any type are kept as written. */
    public Map<String, String> stringMap(String key) {
        Node value = value(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof MappingNode map)) {
            problemAt(value, join(key), "expected a mapping of names to values, found " + describe(value));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problemAt(t.getKeyNode(), join(key), "keys must be plain strings");
                continue;
            }
            Node v = t.getValueNode();
            if (v instanceof ScalarNode s) {
                out.put(k.getValue(), isNull(s) ? "" : s.getValue());
            } else {
                problemAt(v, join(key) + "." + k.getValue(), "expected a string, found " + describe(v));
            }
        }
        return out;
    }

    /** A nested mapping; absent reads as an empty reader so defaults apply. */
    public ConfigReader section(String key) {
        Node value = value(key);
        if (value == null) {
            return empty(file, join(key), problems);
        }
        if (value instanceof MappingNode m) {
            return new ConfigReader(file, join(key), m, m, problems);
        }
        problemAt(value, join(key), "expected a mapping, found " + describe(value));
        return empty(file, join(key), problems);
    }

    /** A list of mappings, each read by {@code itemReader}; its readers are finished here. */
    public <T> List<T> list(String key, Function<ConfigReader, T> itemReader) {
        Node value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof SequenceNode seq)) {
            problemAt(value, join(key), "expected a list, found " + describe(value));
            return List.of();
        }
        List<T> out = new ArrayList<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            String itemPath = join(key) + "[" + i + "]";
            if (item instanceof MappingNode m) {
                ConfigReader r = new ConfigReader(file, itemPath, m, m, problems);
                T t = itemReader.apply(r);
                r.finish();
                if (t != null) {
                    out.add(t);
                }
            } else {
                problemAt(item, itemPath, "expected a mapping, found " + describe(item));
            }
            i++;
        }
        return List.copyOf(out);
    }

    /** Records a problem about {@code key} of this mapping (or the mapping itself when key is null). */
    public void problem(String key, String message) {
        Node at = key == null ? owner : keyOrValue(key);
        problemAt(at, key == null ? path : join(key), message);
    }

    /** A problem with item {@code index} of the list under {@code key}, reported at that item's position. */
    public void problemAtItem(String key, int index, String message) {
        Node value = value(key);
        Node at = value instanceof SequenceNode seq && index < seq.getValue().size() ? seq.getValue().get(index) : keyOrValue(key);
        problemAt(at, join(key) + "[" + index + "]", message);
    }

    /** Reports every key that no accessor asked for. Call once, after reading all keys. */
    public void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                String hint = Suggest.closest(e.getKey(), known).map(s -> " (did you mean '" + s + "'?)").orElse("");
                String where = path.isEmpty() ? "" : " in " + path;
                problemAt(e.getValue().getKeyNode(), join(e.getKey()),
                        "unknown key" + hint + "; known keys" + where + ": " + String.join(", ", known));
            }
        }
    }

    private Node value(String key) {
        known.add(key);
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        return t.getValueNode();
    }

    private Node keyOrValue(String key) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            return owner;
        }
        return isNull(t.getValueNode()) ? t.getKeyNode() : t.getValueNode();
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private void problemAt(Node at, String where, String message) {
        Mark mark = at == null ? null : at.getStartMark();
        int line = mark == null ? 0 : mark.getLine() + 1;
        int column = mark == null ? 0 : mark.getColumn() + 1;
        problems.add(new ConfigProblem(file, where, line, column, message));
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        String kind = Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()) ? "the number"
                : Tag.BOOL.equals(s.getTag()) ? "the boolean" : "the string";
        return kind + " " + Quote.of(s.getValue());
    }
}
