package io.ppctl.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Trivy's own golden reports, copied into src/test/resources/fixtures/trivy (see the README there). */
final class TrivyFixtures {
    private TrivyFixtures() {}

    static String text(String name) {
        try (InputStream in = TrivyFixtures.class.getResourceAsStream("/fixtures/trivy/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 2 CRITICAL (CVE-2019-14697 in musl, musl-utils), 4 MEDIUM. */
    static TrivyReport alpine() {
        return TrivyReportParser.parse(text("alpine-39.json"));
    }

    /** 1 CRITICAL with a fix (CVE-2019-18224), 1 LOW without one (CVE-2019-18276). */
    static TrivyReport debian() {
        return TrivyReportParser.parse(text("debian-buster.json"));
    }

    /** No Results at all. */
    static TrivyReport clean() {
        return TrivyReportParser.parse(text("alpine-39-skip.json"));
    }
}
