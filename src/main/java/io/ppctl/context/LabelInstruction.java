package io.ppctl.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds the image's labels to the Dockerfile ppctl sends, as ONE {@code LABEL} instruction at the end of the stage
 * being built. The daemon's own {@code labels} parameter makes one extra build step (a container and a commit)
 * per label: about 80 ms each, measured, for labels that change with every build. Pure text manipulation.
 */
public final class LabelInstruction {
    private static final Pattern ESCAPE_DIRECTIVE = Pattern.compile("(?i)^#\\s*escape\\s*=\\s*(\\S)\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*[a-zA-Z]+\\s*=.*$");
    private static final Pattern FROM = Pattern.compile("(?i)^\\s*FROM\\s+(.*)$");
    private static final Pattern STAGE_NAME = Pattern.compile("(?i)\\s+AS\\s+(\\S+)\\s*$");

    private LabelInstruction() {}

    /** The Dockerfile with the LABEL instruction at the end of {@code target} (or of the last stage when it is empty). */
    public static String addTo(String dockerfile, Map<String, String> labels, String target) {
        if (labels.isEmpty()) {
            return dockerfile;
        }
        char escape = escapeChar(dockerfile);
        String instruction = instruction(labels, escape);
        List<String> lines = new ArrayList<>(List.of(dockerfile.split("\r?\n", -1)));
        int insertAt = target == null || target.isEmpty() ? -1 : endOfStage(lines, target, escape);
        if (insertAt < 0) {
            String sep = dockerfile.isEmpty() || dockerfile.endsWith("\n") ? "" : "\n";
            return dockerfile + sep + instruction + "\n";
        }
        lines.add(insertAt, instruction);
        return String.join("\n", lines);
    }

    /** LABEL "k"="v" ..., quoted so that spaces, quotes and $ survive the Dockerfile's own parsing. */
    static String instruction(Map<String, String> labels, char escape) {
        StringBuilder sb = new StringBuilder("LABEL");
        labels.forEach((k, v) -> sb.append(' ').append(quote(k, escape)).append('=').append(quote(v, escape)));
        return sb.toString();
    }

    static char escapeChar(String dockerfile) {
        for (String line : dockerfile.split("\r?\n")) {
            Matcher m = ESCAPE_DIRECTIVE.matcher(line.strip());
            if (m.matches()) {
                return m.group(1).charAt(0);
            }
            if (!DIRECTIVE.matcher(line.strip()).matches()) {
                break; // parser directives only count at the very top
            }
        }
        return '\\';
    }

    /** The line index where the stage named {@code target} ends (the next FROM), or -1 when it is the last one or not found. */
    private static int endOfStage(List<String> lines, String target, char escape) {
        boolean inTarget = false;
        boolean continued = false;
        StringBuilder logical = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!continued) {
                start = i;
                logical.setLength(0);
            }
            if (line.startsWith("#")) {
                continue;
            }
            continued = line.endsWith(String.valueOf(escape));
            logical.append(continued ? line.substring(0, line.length() - 1) + " " : line);
            if (continued) {
                continue;
            }
            Matcher from = FROM.matcher(logical);
            if (from.matches()) {
                if (inTarget) {
                    return start;
                }
                Matcher name = STAGE_NAME.matcher(from.group(1));
                inTarget = name.find() && name.group(1).toLowerCase(Locale.ROOT).equals(target.toLowerCase(Locale.ROOT));
            }
        }
        return -1;
    }

    private static String quote(String s, char escape) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '$' || c == escape) {
                sb.append(escape);
            }
            sb.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return sb.append('"').toString();
    }
}
