package io.ppctl.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build args a Dockerfile declares ({@code ARG NAME} or {@code ARG NAME=default}, in any stage), so ppctl
 * passes VERSION, VCS_REF and BUILD_DATE only where they are wanted (the classic builder warns about unused ones)
 * and can tell which tool versions the Dockerfile pins.
 */
public final class DockerfileArgs {
    private static final Pattern ARG = Pattern.compile("(?i)^\\s*ARG\\s+(.*)$");
    static final Pattern TOKEN = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:=(\"[^\"]*\"|'[^']*'|\\S*))?");
    private static final Pattern TOOL = Pattern.compile("[A-Z0-9_]+_VERSION");

    private DockerfileArgs() {}

    /** Declared args in order of first declaration; the value is the first default given, or null when none. */
    public static Map<String, String> declared(String dockerfile) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String instruction : instructions(dockerfile)) {
            Matcher m = ARG.matcher(instruction);
            if (!m.matches()) {
                continue;
            }
            Matcher t = TOKEN.matcher(m.group(1));
            while (t.find()) {
                String value = t.group(2) == null ? null : unquote(t.group(2));
                if (!out.containsKey(t.group(1)) || out.get(t.group(1)) == null) {
                    out.put(t.group(1), value);
                }
            }
        }
        return out;
    }

    /**
     * The tool versions the image will carry: every declared {@code *_VERSION} arg with its effective value (a
     * build arg given for it, else its default), in Dockerfile order; args without any value are left out.
     */
    public static Map<String, String> toolVersions(Map<String, String> declared, Map<String, String> buildArgs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : declared.entrySet()) {
            if (!TOOL.matcher(e.getKey()).matches()) {
                continue;
            }
            String value = buildArgs.getOrDefault(e.getKey(), e.getValue());
            if (value != null && !value.isEmpty()) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    /** Logical lines: comments dropped, backslash continuations joined. */
    static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfile.split("\r?\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            if (!current.toString().isBlank()) {
                out.add(current.toString());
            }
            current.setLength(0);
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString());
        }
        return out;
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
