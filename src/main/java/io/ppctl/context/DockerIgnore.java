package io.ppctl.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code .dockerignore} exactly as the Docker CLI reads and applies it (moby/patternmatcher and its ignorefile
 * reader), so that ppctl sends the daemon the same build context {@code docker build} would: the last matching
 * pattern wins, {@code !} re-includes, {@code **} spans folders, a pattern that matches a folder excludes what is
 * below it, and an excluded folder is not even walked unless an exception could re-include something inside it.
 */
public final class DockerIgnore {
    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    /** One pattern, compiled the way patternmatcher does (exact, prefix, suffix or regular expression). */
    record Rule(String cleaned, boolean exclusion, Kind kind, Pattern regex) {
        enum Kind { EXACT, PREFIX, SUFFIX, REGEX }

        boolean matches(String path) {
            return switch (kind) {
                case EXACT -> path.equals(cleaned);
                case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
                case SUFFIX -> {
                    String suffix = cleaned.substring(2);
                    yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
                }
                case REGEX -> regex.matcher(path).matches();
            };
        }
    }

    /**
     * How a path matched: whether it is excluded, and which rules matched it or a parent folder. A folder's
     * match is handed to its children so each rule is evaluated once per path, as the Docker CLI does.
     */
    public static final class Match {
        private static final Match ROOT = new Match(false, null);
        private final boolean excluded;
        private final boolean[] matched;

        private Match(boolean excluded, boolean[] matched) {
            this.excluded = excluded;
            this.matched = matched;
        }

        public static Match root() {
            return ROOT;
        }

        public boolean excluded() {
            return excluded;
        }
    }

    private final List<Rule> rules;
    private final boolean exclusions;
    /** Folders left out whatever the patterns say (see {@link #excluding}). */
    private final List<String> leftOut;

    private DockerIgnore(List<Rule> rules) {
        this(rules, List.of());
    }

    private DockerIgnore(List<Rule> rules, List<String> leftOut) {
        this.rules = List.copyOf(rules);
        this.exclusions = rules.stream().anyMatch(Rule::exclusion);
        this.leftOut = List.copyOf(leftOut);
    }

    /**
     * Parses a .dockerignore file as the Docker CLI does: a leading UTF-8 BOM is dropped, lines that start with '#'
     * are comments, whitespace around a pattern is trimmed, paths are cleaned and made relative to the context.
     *
     * @throws IllegalArgumentException naming the line of the first invalid pattern
     */
    public static DockerIgnore parse(String content) {
        List<Rule> rules = new ArrayList<>();
        int lineNumber = 0;
        for (String line : lines(content)) {
            lineNumber++;
            String pattern = normalise(line);
            if (pattern == null) {
                continue;
            }
            try {
                rule(pattern).ifPresent(rules::add);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": '" + line.strip() + "' " + e.getMessage(), e);
            }
        }
        return new DockerIgnore(rules);
    }

    /** The patterns of a .dockerignore file after the Docker CLI's normalisation (comments and blank lines dropped). */
    public static List<String> readLines(String content) {
        List<String> out = new ArrayList<>();
        for (String line : lines(content)) {
            String pattern = normalise(line);
            if (pattern != null) {
                out.add(pattern);
            }
        }
        return out;
    }

    /** Compiles patterns such as those {@link #readLines} returns. */
    public static DockerIgnore of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String p : patterns) {
            rule(p).ifPresent(rules::add);
        }
        return new DockerIgnore(rules);
    }

    private static List<String> lines(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        return List.of(text.split("\r?\n", -1));
    }

    /** One line as the CLI's ignore-file reader leaves it, or null for comments and blank lines. */
    private static String normalise(String line) {
        if (line.startsWith("#")) {
            return null;
        }
        String pattern = line.strip();
        if (pattern.isEmpty()) {
            return null;
        }
        boolean invert = pattern.charAt(0) == '!';
        if (invert) {
            pattern = pattern.substring(1).strip();
        }
        if (!pattern.isEmpty()) {
            pattern = clean(pattern);
            if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                pattern = pattern.substring(1);
            }
        }
        return invert ? "!" + pattern : pattern;
    }

    /** A compiled pattern, as patternmatcher.New does it; empty for a blank one. */
    private static java.util.Optional<Rule> rule(String raw) {
        String p = raw.strip();
        if (p.isEmpty()) {
            return java.util.Optional.empty();
        }
        p = clean(p);
        boolean exclusion = false;
        if (p.charAt(0) == '!') {
            if (p.length() == 1) {
                throw new IllegalArgumentException("is a lone '!', an exception for nothing");
            }
            exclusion = true;
            p = p.substring(1);
        }
        try {
            return java.util.Optional.of(compile(p, exclusion));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("is not a valid pattern: " + e.getDescription(), e);
        }
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The Docker CLI always sends the .dockerignore and the Dockerfile, even when a pattern excludes them
     * (the daemon reads them and then drops them from the context itself).
     */
    public DockerIgnore keeping(String... paths) {
        List<Rule> out = new ArrayList<>(rules);
        for (String path : paths) {
            if (path != null && new DockerIgnore(out).excluded(path)) {
                out.add(compile(clean(path), true));
            }
        }
        return new DockerIgnore(out, leftOut);
    }

    /**
     * These patterns, with the folder {@code path} and everything below it left out whatever the patterns say (no
     * exception brings anything of it back). For ppctl's own state folder, which is not the user's to send.
     */
    public DockerIgnore excluding(String path) {
        List<String> out = new ArrayList<>(leftOut);
        out.add(clean(path));
        return new DockerIgnore(rules, out);
    }

    private boolean isLeftOut(String path) {
        for (String dir : leftOut) {
            if (path.equals(dir) || path.startsWith(dir + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code path} (slash-separated, relative to the context) is excluded, checking its parent folders too. */
    public boolean excluded(String path) {
        return match(path, Match.root()).excluded();
    }

    /** Matches {@code path} given the match of its parent folder ({@link Match#root()} at the top). */
    public Match match(String path, Match parent) {
        if (isLeftOut(path)) {
            return new Match(true, new boolean[rules.size()]);
        }
        boolean[] parentMatched = parent.matched;
        boolean[] matchedNow = new boolean[rules.size()];
        boolean excluded = false;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            boolean match = parentMatched != null && parentMatched[i];
            if (!match) {
                // An inclusion cannot change an already excluded path, nor an exception an included one.
                if (rule.exclusion() != excluded) {
                    continue;
                }
                match = rule.matches(path);
                if (!match && parentMatched == null) {
                    match = anyParentMatches(rule, path);
                }
            }
            matchedNow[i] = match;
            if (match) {
                excluded = !rule.exclusion();
            }
        }
        return new Match(excluded, matchedNow);
    }

    /**
     * Whether an excluded folder can be left unwalked: yes unless some exception pattern starts with the folder's
     * path (the Docker CLI's literal prefix test, so {@code !dir/keep} keeps {@code dir} walked but {@code !**\/keep}
     * does not).
     */
    public boolean canSkipExcludedDir(String dir) {
        if (!exclusions || isLeftOut(dir)) {
            return true;
        }
        String dirSlash = dir + "/";
        for (Rule r : rules) {
            if (r.exclusion() && (r.cleaned() + "/").startsWith(dirSlash)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyParentMatches(Rule rule, String path) {
        int slash = path.indexOf('/');
        while (slash > 0) {
            if (rule.matches(path.substring(0, slash))) {
                return true;
            }
            slash = path.indexOf('/', slash + 1);
        }
        return false;
    }

    private static Rule compile(String cleaned, boolean exclusion) {
        StringBuilder regex = new StringBuilder("^");
        Rule.Kind kind = Rule.Kind.EXACT;
        int[] cps = cleaned.codePoints().toArray();
        int pos = 0;
        for (int i = 0; pos < cps.length; i++) {
            int ch = cps[pos++];
            if (ch == '*') {
                if (pos < cps.length && cps[pos] == '*') {
                    pos++;
                    if (pos < cps.length && cps[pos] == '/') {
                        pos++;
                    }
                    if (pos >= cps.length) {
                        // "**" at the end accepts everything below, like .gitignore
                        if (kind == Rule.Kind.EXACT) {
                            kind = Rule.Kind.PREFIX;
                        } else {
                            regex.append(".*");
                            kind = Rule.Kind.REGEX;
                        }
                    } else {
                        regex.append("(.*/)?");
                        kind = Rule.Kind.REGEX;
                    }
                    if (i == 0) {
                        kind = Rule.Kind.SUFFIX;
                    }
                } else {
                    regex.append("[^/]*");
                    kind = Rule.Kind.REGEX;
                }
            } else if (ch == '?') {
                regex.append("[^/]");
                kind = Rule.Kind.REGEX;
            } else if (".+()|{}$".indexOf(ch) >= 0) {
                regex.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (pos < cps.length) {
                    regex.append('\\').appendCodePoint(cps[pos++]);
                    kind = Rule.Kind.REGEX;
                } else {
                    // a trailing backslash stays as it is, escaping whatever the regex puts after it (Docker does the same)
                    regex.append('\\');
                }
            } else if (ch == '[' || ch == ']') {
                regex.appendCodePoint(ch);
                kind = Rule.Kind.REGEX;
            } else {
                regex.appendCodePoint(ch);
            }
        }
        Pattern compiled = null;
        if (kind == Rule.Kind.REGEX) {
            regex.append('$');
            compiled = Pattern.compile(regex.toString());
        }
        return new Rule(cleaned, exclusion, kind, compiled);
    }

    /** Go's path.Clean: the shortest equivalent path (no "//", no "." parts, ".." resolved lexically, no trailing '/'). */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!rooted) {
                    parts.add("..");
                }
                continue;
            }
            parts.add(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
