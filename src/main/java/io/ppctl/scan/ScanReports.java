package io.ppctl.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppctl.core.AtomicFile;
import io.ppctl.core.JsonMappers;
import io.ppctl.report.JUnitReport;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The files `ppctl scan` writes for CI: --report (JSON), --sarif, --junit. Each atomically. */
final class ScanReports {
    private static final ObjectMapper JSON = JsonMappers.files();

    private ScanReports() {}

    /** ppctl's summary under "scan" and Trivy's report, unchanged, under "trivy". */
    static String json(ScanSummary summary, TrivyReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.set("scan", JSON.valueToTree(summary));
        root.set("trivy", report.raw());
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One failing testcase per finding that fails the gate; one passing testcase when none does. */
    static JUnitReport junit(Verdict v, String image, Duration took) {
        List<JUnitReport.Case> cases = new ArrayList<>();
        for (Verdict.Assessed a : v.failing()) {
            Finding f = a.finding();
            String name = f.severity() + " " + f.id() + " in " + f.pkgName() + " " + f.installedVersion();
            String message = f.severity() + " " + f.id() + " in " + f.pkgName() + " " + f.installedVersion()
                    + (f.hasFix() ? ", fixed in " + f.fixedVersion() : ", no fix yet");
            String detail = message + "\n" + (f.title().isEmpty() ? "" : f.title() + "\n") + "target: " + f.target()
                    + (f.primaryUrl().isEmpty() ? "" : "\n" + f.primaryUrl());
            cases.add(JUnitReport.Case.failed("scan." + image, name, Duration.ZERO, message, detail));
        }
        if (cases.isEmpty()) {
            cases.add(JUnitReport.Case.passed("scan." + image, "no vulnerability at or above " + v.threshold()
                    + " (" + v.line() + ")", took));
        }
        return new JUnitReport("ppctl scan", cases);
    }

    static void write(ScanOptions o, ScanSummary summary, TrivyReport report, Verdict v, String image, String imageId,
                      String ignoreFileName, Duration took) {
        if (o.report() != null) {
            AtomicFile.write(o.report(), json(summary, report));
        }
        if (o.sarif() != null) {
            AtomicFile.write(o.sarif(), SarifWriter.write(v, report, image, imageId, ignoreFileName));
        }
        if (o.junit() != null) {
            junit(v, image, took).write(o.junit());
        }
    }

    static List<String> requested(ScanOptions o) {
        List<String> files = new ArrayList<>();
        for (Path p : new Path[] {o.report(), o.sarif(), o.junit()}) {
            if (p != null) {
                files.add(p.toString());
            }
        }
        return files;
    }
}
