package io.ppctl.scan;

import io.ppctl.config.Durations;
import io.ppctl.core.PpctlException;

import java.time.Duration;
import java.util.List;

/** Turns a failed Trivy run into one actionable message (exit 3). */
final class ScannerFailure {
    static final String DB_HINT = "the vulnerability database could not be downloaded: set scan.dbRepository to a "
            + "mirror you can reach, or prepare scan.cacheDir and run with --skip-db-update (scan.skipDbUpdate: true)";

    private ScannerFailure() {}

    static PpctlException exited(String who, int exitCode, String stderr) {
        String reason = reason(stderr);
        boolean db = stderr.contains("failed to download vulnerability DB") || stderr.contains("DB error");
        return PpctlException.environment(who + " exited with " + exitCode + (reason.isEmpty() ? "" : ": " + reason),
                db ? DB_HINT : "rerun with -v to see Trivy's log", null);
    }

    static PpctlException timedOut(String who, Duration timeout) {
        return PpctlException.environment(who + " did not finish within " + Durations.compact(timeout) + " and was stopped",
                "raise scan.timeout; a first run downloads the vulnerability database", null);
    }

    static PpctlException badReport(String who, String problem) {
        return PpctlException.environment(who + " did not write a Trivy JSON report: " + problem,
                "check that scan.image / scan.trivy is Trivy (0.63 or newer)", null);
    }

    /** Trivy's last FATAL or ERROR line, else its last line, without the timestamp. */
    static String reason(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String pick = "";
        for (String l : lines) {
            if (l.contains("\tFATAL\t") || l.contains("\tERROR\t") || l.contains(" FATAL ") || l.startsWith("Error:")) {
                pick = l;
            }
        }
        if (pick.isEmpty() && !lines.isEmpty()) {
            pick = lines.get(lines.size() - 1);
        }
        pick = pick.replaceFirst("^\\d{4}-\\d\\d-\\d\\dT[^\\s]+\\s+", "").replace('\t', ' ').replaceAll(" {2,}", " ");
        return pick.length() > 400 ? pick.substring(0, 400) + "..." : pick;
    }

    /** Time ppctl waits beyond Trivy's own --timeout, so that Trivy can report its timeout itself. */
    static Duration bound(Duration timeout) {
        Duration grace = timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
        return timeout.plus(grace);
    }
}
