package io.ppctl.report;

import io.ppctl.core.AtomicFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * JUnit XML as CI systems (GitHub Actions reporters, GitLab, Jenkins, Bitbucket) render it: one testsuite,
 * one testcase per check, a failure element with a message and the details of what came out.
 */
public record JUnitReport(String suiteName, List<Case> cases) {

    /** One check. {@code failureMessage} null means passed; {@code skippedReason} non-null means skipped. */
    public record Case(String name, String className, Duration time, String failureMessage, String failureDetail,
                       String skippedReason, String systemOut) {
        public static Case passed(String className, String name, Duration time) {
            return new Case(name, className, time, null, null, null, null);
        }

        public static Case failed(String className, String name, Duration time, String message, String detail) {
            return new Case(name, className, time, message, detail, null, null);
        }

        public static Case skipped(String className, String name, String reason) {
            return new Case(name, className, Duration.ZERO, null, null, reason, null);
        }
    }

    public long failures() {
        return cases.stream().filter(c -> c.failureMessage() != null).count();
    }

    public String toXml() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        double total = cases.stream().mapToDouble(c -> seconds(c.time())).sum();
        long skipped = cases.stream().filter(c -> c.skippedReason() != null).count();
        sb.append("<testsuites name=\"").append(attr(suiteName)).append("\" tests=\"").append(cases.size())
                .append("\" failures=\"").append(failures()).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(fmt(total)).append("\">\n");
        sb.append("  <testsuite name=\"").append(attr(suiteName)).append("\" tests=\"").append(cases.size())
                .append("\" failures=\"").append(failures()).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(fmt(total)).append("\">\n");
        for (Case c : cases) {
            sb.append("    <testcase name=\"").append(attr(c.name())).append("\" classname=\"").append(attr(c.className()))
                    .append("\" time=\"").append(fmt(seconds(c.time()))).append("\"");
            boolean empty = c.failureMessage() == null && c.skippedReason() == null && c.systemOut() == null;
            if (empty) {
                sb.append("/>\n");
                continue;
            }
            sb.append(">\n");
            if (c.failureMessage() != null) {
                sb.append("      <failure message=\"").append(attr(c.failureMessage())).append("\" type=\"failure\">")
                        .append(text(c.failureDetail() == null ? c.failureMessage() : c.failureDetail())).append("</failure>\n");
            }
            if (c.skippedReason() != null) {
                sb.append("      <skipped message=\"").append(attr(c.skippedReason())).append("\"/>\n");
            }
            if (c.systemOut() != null) {
                sb.append("      <system-out>").append(text(c.systemOut())).append("</system-out>\n");
            }
            sb.append("    </testcase>\n");
        }
        sb.append("  </testsuite>\n</testsuites>\n");
        return sb.toString();
    }

    public void write(Path file) {
        AtomicFile.write(file, toXml());
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    /** XML 1.0 cannot carry most control characters at all, even escaped: drop them. */
    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000) {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String attr(String s) {
        return clean(s == null ? "" : s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }

    private static String text(String s) {
        return clean(s == null ? "" : s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
