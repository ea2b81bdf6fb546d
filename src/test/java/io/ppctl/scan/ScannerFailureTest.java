package io.ppctl.scan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What ppctl makes of a failed Trivy run; the logs are the real Trivy 0.67.2's stderr. */
class ScannerFailureTest {
    private static final String UNREACHABLE = """
            2026-12-04T21:50:19Z\tINFO\t[vulndb] Need to update DB
            2026-12-04T21:50:19Z\tINFO\t[vulndb] Downloading vulnerability DB...
            2026-12-04T21:50:19Z\tINFO\t[vulndb] Downloading artifact...\trepo="127.0.0.1:1/aquasec/trivy-db:2"
            2026-12-04T21:50:19Z\tFATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB: \
            OCI artifact error: failed to download vulnerability DB: failed to download artifact from \
            127.0.0.1:1/aquasec/trivy-db:2: OCI repository error: 1 error occurred:
            \t* Get "https://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused

            """;
    private static final String FIRST_RUN = """
            2026-12-04T21:50:18Z\tERROR\t[vulndb] The first run cannot skip downloading DB
            2026-12-04T21:50:18Z\tFATAL\tFatal error\trun error: init error: DB error: database error: --skip-db-update \
            cannot be specified on the first run
            """;

    @Test
    void theReasonIsTheFatalEntryWithTheLinesThatContinueIt() {
        assertThat(ScannerFailure.reason(UNREACHABLE)).isEqualTo("FATAL Fatal error run error: init error: DB error: "
                + "failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to "
                + "download artifact from 127.0.0.1:1/aquasec/trivy-db:2: OCI repository error: 1 error occurred: "
                + "* Get \"https://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused");
        assertThat(ScannerFailure.exited("Trivy", 1, UNREACHABLE).hint()).isEqualTo(ScannerFailure.DB_HINT);
    }

    @Test
    void skipDbUpdateOnAnEmptyCacheSaysHowToFillIt() {
        assertThat(ScannerFailure.reason(FIRST_RUN)).isEqualTo("FATAL Fatal error run error: init error: DB error: "
                + "database error: --skip-db-update cannot be specified on the first run");
        assertThat(ScannerFailure.exited("Trivy", 1, FIRST_RUN).hint()).isEqualTo(TrivyCache.HINT);
    }

    @Test
    void aGoPanicIsItsPanicLineNotTheStackTrace() {
        String panic = "2026-12-04T22:10:01Z\tINFO\t[alpine] Detecting vulnerabilities...\n"
                + "panic: runtime error: invalid memory address or nil pointer dereference\n"
                + "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1a2b3c]\n\ngoroutine 1 [running]:\n"
                + "main.main()\n\tgithub.com/aquasecurity/trivy@v0.67.2/cmd/trivy/main.go:19 +0x1f\n";
        assertThat(ScannerFailure.reason(panic)).isEqualTo(
                "panic: runtime error: invalid memory address or nil pointer dereference");
    }

    @Test
    void withoutAnErrorEntryItIsTheLastLine() {
        assertThat(ScannerFailure.reason("trivy stand-in: unexpected argument '--x'\n")).isEqualTo(
                "trivy stand-in: unexpected argument '--x'");
        assertThat(ScannerFailure.reason("")).isEmpty();
    }
}
