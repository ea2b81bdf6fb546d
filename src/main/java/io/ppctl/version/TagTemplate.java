package io.ppctl.version;

import io.ppctl.core.Quote;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tag template from the config, such as {@code {{version}}}, {@code sha-{{sha}}} or {@code {{major}}.{{minor}}}.
 * A template that names neither the version, the commit nor the date points at a different image over time:
 * it is "moving" (latest, 1.2), and only a stable, newest version may take it.
 */
public record TagTemplate(String template) {
    public static final Set<String> PLACEHOLDERS = Set.of("version", "major", "minor", "patch", "sha", "date");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_]+)\\s*}}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    /** What a template is rendered with. {@code sha} is the 7-character commit. */
    public record Values(Version version, String sha, LocalDate date) {}

    public static List<TagTemplate> all(List<String> templates) {
        return templates.stream().map(TagTemplate::new).toList();
    }

    /** Why the template can never give a valid tag, or empty. */
    public static Optional<String> problem(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                return Optional.of(Quote.of(template) + " uses the unknown placeholder {{" + m.group(1)
                        + "}}; known: {{version}}, {{major}}, {{minor}}, {{patch}}, {{sha}}, {{date}}");
            }
        }
        String stripped = PLACEHOLDER.matcher(template).replaceAll("");
        if (stripped.contains("{") || stripped.contains("}")) {
            return Optional.of(Quote.of(template) + " has unbalanced braces; placeholders are written {{version}}");
        }
        String sample = new TagTemplate(template).render(new Values(Version.of("v1.2.3"), "abcdef0", LocalDate.of(2026, 1, 1)));
        return DockerReference.tagProblem(sample).map(p -> "renders to an invalid tag: " + p);
    }

    public String render(Values values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "version" -> values.version().toString();
                case "major" -> String.valueOf(values.version().major());
                case "minor" -> String.valueOf(values.version().minor());
                case "patch" -> String.valueOf(values.version().patch());
                case "sha" -> values.sha();
                case "date" -> DATE.format(values.date());
                default -> m.group();
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Moving tags (latest, {{major}}.{{minor}}) are re-pointed by later releases; fixed ones never are. */
    public boolean isMoving() {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String p = m.group(1);
            if (p.equals("version") || p.equals("sha") || p.equals("date")) {
                return false;
            }
        }
        return true;
    }
}
