package io.ppctl.build;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images a Dockerfile builds on (each stage's FROM, and COPY --from of an image rather than a stage), with the
 * global ARGs substituted as the daemon substitutes them; or why they cannot be told from the text alone (then a
 * build must ask the daemon). Pure text analysis.
 */
final class DockerfileImages {
    private static final Pattern FROM = Pattern.compile("(?i)^FROM\\s+(.*)$");
    private static final Pattern ARG = Pattern.compile("(?i)^ARG\\s+(.*)$");
    private static final Pattern COPY_FROM = Pattern.compile("(?i)^COPY\\s.*?--from=(\\S+)");
    private static final Pattern ADD = Pattern.compile("(?i)^ADD\\s+(.*)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern ESCAPE_DIRECTIVE = Pattern.compile("(?im)\\A(?:#\\s*\\w+\\s*=.*\\n)*#\\s*escape\\s*=");

    /** The image references in order of use (no stages, no scratch), or {@code unknowable} saying why not. */
    record Found(List<String> images, String unknowable) {
        static Found unknowable(String why) {
            return new Found(List.of(), why);
        }
    }

    private DockerfileImages() {}

    static Found of(String dockerfile, Map<String, String> buildArgs) {
        if (ESCAPE_DIRECTIVE.matcher(dockerfile).find()) {
            return Found.unknowable("the Dockerfile sets its own escape character");
        }
        Map<String, String> globalArgs = new LinkedHashMap<>();
        Set<String> stages = new HashSet<>();
        List<String> images = new ArrayList<>();
        boolean sawFrom = false;
        for (String instruction : DockerfileArgs.instructions(dockerfile)) {
            Matcher arg = ARG.matcher(instruction);
            if (!sawFrom && arg.matches()) {
                Matcher t = DockerfileArgs.TOKEN.matcher(arg.group(1));
                while (t.find()) {
                    String name = t.group(1);
                    String value = buildArgs.containsKey(name) ? buildArgs.get(name) : t.group(2) == null ? null : DockerfileArgs.unquote(t.group(2));
                    globalArgs.put(name, value);
                }
                continue;
            }
            Matcher from = FROM.matcher(instruction);
            if (from.matches()) {
                sawFrom = true;
                String[] tokens = from.group(1).trim().split("\\s+");
                if (tokens[0].startsWith("--")) {
                    return Found.unknowable("FROM " + tokens[0] + " (the daemon chooses the image's variant)");
                }
                String image = substitute(tokens[0], globalArgs);
                if (image == null) {
                    return Found.unknowable("FROM " + tokens[0] + " uses a variable without a value");
                }
                String lower = image.toLowerCase(Locale.ROOT);
                if (!lower.equals("scratch") && !stages.contains(lower)) {
                    images.add(image);
                }
                if (tokens.length >= 3 && tokens[1].equalsIgnoreCase("AS")) {
                    stages.add(tokens[2].toLowerCase(Locale.ROOT));
                }
                continue;
            }
            Matcher copy = COPY_FROM.matcher(instruction);
            if (copy.find()) {
                String source = copy.group(1);
                if (source.contains("$")) {
                    return Found.unknowable("COPY --from=" + source + " uses a variable");
                }
                if (!source.matches("\\d+") && !stages.contains(source.toLowerCase(Locale.ROOT))) {
                    images.add(source);
                }
                continue;
            }
            Matcher add = ADD.matcher(instruction);
            if (add.matches() && add.group(1).matches("(?is).*(https?://|git@|\\.git\\b).*")) {
                return Found.unknowable("ADD of a URL (only the daemon can tell whether it changed)");
            }
        }
        return new Found(List.copyOf(images), null);
    }

    /** The reference with ${NAME} and $NAME replaced; null when a variable has no value or another form is used. */
    static String substitute(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = args.get(name);
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String result = out.toString();
        return result.contains("$") || result.isEmpty() ? null : result;
    }
}
