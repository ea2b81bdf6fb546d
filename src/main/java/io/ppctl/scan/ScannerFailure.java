package io.ppctl.scan;

import io.ppctl.core.Durations;
import io.ppctl.core.PpctlException;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a failed Trivy run into one actionable message (exit 3). */
final class ScannerFailure {
    static final String DB_HINT = "the vulnerability database could not be downloaded: set scan.dbRepository to a "
            + "mirror you can reach, or prepare scan.cacheDir and run with --skip-db-update (scan.skipDbUpdate: true)";

    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT[^\\s]+\\s+");

    private ScannerFailure() {}

    static PpctlException exited(String who, int exitCode, String stderr) {
        String reason = reason(stderr);
        String hint;
        if (stderr.contains("--skip-db-update cannot be specified")) {
            hint = TrivyCache.HINT;
        } else if (stderr.contains("failed to download vulnerability DB") || stderr.contains("DB error")) {
            hint = DB_HINT;
        } else {
            hint = "rerun with -v to see Trivy's log";
        }
        return PpctlException.environment(who + " exited with " + exitCode + (reason.isEmpty() ? "" : ": " + reason),
                hint, null);
    }

    static PpctlException timedOut(String who, Duration timeout) {
        return PpctlException.environment(who + " did not finish within " + Durations.compact(timeout) + " and was stopped",
                "raise scan.timeout; a first run downloads the vulnerability database", null);
    }

    static PpctlException badReport(String who, String problem) {
        return PpctlException.environment(who + " did not write a Trivy JSON report: " + problem,
                "check that scan.image / scan.trivy is Trivy (0.63 or newer)", null);
    }

    /**
     * Trivy's last FATAL or ERROR entry, else its last line, without the timestamp. An entry goes on over the lines that
     * follow it without a timestamp of their own: Trivy's download errors put the cause ("connection refused") there.
     * A Go panic (exit 2; Trivy 0.67 panics on a database without its "vulnerability" bucket) is its "panic:" line.
     */
    static String reason(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        int pick = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("panic: ")) {
                return l.length() > 600 ? l.substring(0, 600) + "..." : l;
            }
            if (l.contains("\tFATAL\t") || l.contains("\tERROR\t") || l.contains(" FATAL ") || l.startsWith("Error:")) {
                pick = i;
            }
        }
        if (pick < 0) {
            if (lines.isEmpty()) {
                return "";
            }
            pick = lines.size() - 1;
        }
        StringBuilder entry = new StringBuilder(lines.get(pick));
        for (int i = pick + 1; i < lines.size() && !TIMESTAMP.matcher(lines.get(i)).find(); i++) {
            entry.append(' ').append(lines.get(i));
        }
        String text = TIMESTAMP.matcher(entry).replaceFirst("").replace('\t', ' ').replaceAll(" {2,}", " ");
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    /** Time ppctl waits beyond Trivy's own --timeout, so that Trivy can report its timeout itself. */
    static Duration bound(Duration timeout) {
        Duration grace = timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
        return timeout.plus(grace);
    }
}
