package io.ppctl.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text result of `ppctl scan`: findings grouped by severity, highest first (ID, package, installed, fixed,
 * title, and what the gate made of it), then the verdict line. A TARGET column appears when the image has more than
 * one scanned target (OS packages plus, say, the kyverno binary). Pure.
 */
public final class ScanTable {
    static final int TITLE_WIDTH = 60;

    private ScanTable() {}

    public static String render(ScanSummary s) {
        StringBuilder sb = new StringBuilder();
        if (!s.findings().isEmpty()) {
            boolean targets = s.findings().stream().map(ScanSummary.Row::target).distinct().count() > 1;
            List<String> header = new ArrayList<>(List.of("ID", "PACKAGE", "INSTALLED", "FIXED", "TITLE", "NOTE"));
            if (targets) {
                header.add(2, "TARGET");
            }
            List<List<String>> rows = new ArrayList<>();
            for (ScanSummary.Row r : s.findings()) {
                List<String> cells = new ArrayList<>(List.of(r.id(), r.pkgName(), r.installedVersion(),
                        dash(r.fixedVersion()), dash(shorten(r.title())), note(r, s.ignoreFile())));
                if (targets) {
                    cells.add(2, r.target());
                }
                rows.add(cells);
            }
            int[] widths = new int[header.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = header.get(i).length();
                for (List<String> row : rows) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            Severity current = null;
            for (int i = 0; i < rows.size(); i++) {
                Severity sev = s.findings().get(i).severity();
                if (sev != current) {
                    current = sev;
                    if (sb.length() > 0) {
                        sb.append('\n');
                    }
                    sb.append(sev).append(" (").append(count(s.counts(), sev)).append(")\n");
                    sb.append(line(header, widths));
                }
                sb.append(line(rows.get(i), widths));
            }
            sb.append('\n');
        }
        sb.append(s.verdict()).append('\n');
        return sb.toString();
    }

    static String note(ScanSummary.Row r, String ignoreFile) {
        String note = switch (r.status()) {
            case FAILS_GATE -> "fails gate";
            case IGNORED -> "ignored (" + ignoreFile + ":" + r.ignoreLine() + ")";
            case UNFIXED -> "no fix yet, not gating";
            case BELOW_THRESHOLD -> "";
        };
        if (r.ignoreExpired() != null) {
            note = (note.isEmpty() ? "" : note + "; ") + "ignore expired " + r.ignoreExpired();
        }
        return note;
    }

    private static int count(Map<Severity, Verdict.Count> counts, Severity s) {
        Verdict.Count c = counts.get(s);
        return c == null ? 0 : c.total();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder("  ");
        for (int i = 0; i < cells.size(); i++) {
            boolean last = i == cells.size() - 1;
            sb.append(last ? cells.get(i) : pad(cells.get(i), widths[i] + 2));
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String shorten(String s) {
        return s.length() > TITLE_WIDTH ? s.substring(0, TITLE_WIDTH - 3).stripTrailing() + "..." : s;
    }
}
