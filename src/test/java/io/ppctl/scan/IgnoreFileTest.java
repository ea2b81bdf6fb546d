package io.ppctl.scan;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Trivy's plain ignore file format, with expiry dates judged against an injected "today". */
class IgnoreFileTest {
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    @Test
    void readsIdsCommentsAndExpiryDates() {
        IgnoreFile f = IgnoreFile.parse(".trivyignore", String.join("\n",
                "# Accept the risk",
                "CVE-2018-14618",
                "",
                "   # indented comment",
                "CVE-2019-14697 exp:2025-07-01",
                "CVE-2019-1543\t# no impact in our settings",
                "CVE-2019-1549 exp:2025-06-01 # re-check after the openssl bump",
                ""));
        assertThat(f.entries()).extracting(IgnoreFile.Entry::id, IgnoreFile.Entry::line).containsExactly(
                tuple("CVE-2018-14618", 2),
                tuple("CVE-2019-14697", 5),
                tuple("CVE-2019-1543", 6),
                tuple("CVE-2019-1549", 7));
        assertThat(f.entries().get(1).expires()).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(f.entries().get(0).expires()).isNull();
    }

    @Test
    void anEntryAppliesUntilTheDayBeforeItsExpiryLikeTrivy() {
        IgnoreFile f = IgnoreFile.parse("x", "CVE-1 exp:2025-06-02\nCVE-2 exp:2025-06-01\nCVE-3\n");
        assertThat(f.active("CVE-1", TODAY)).isPresent();
        assertThat(f.active("CVE-2", TODAY)).isEmpty();
        assertThat(f.expiredFor("CVE-2", TODAY)).get().extracting(IgnoreFile.Entry::line).isEqualTo(2);
        assertThat(f.active("CVE-3", TODAY)).isPresent();
        assertThat(f.active("CVE-4", TODAY)).isEmpty();
        assertThat(f.expired(TODAY)).extracting(IgnoreFile.Entry::id).containsExactly("CVE-2");
        assertThat(f.expired(TODAY.plusDays(1))).extracting(IgnoreFile.Entry::id).containsExactly("CVE-1", "CVE-2");
    }

    @Test
    void aLiveEntryWinsOverAnExpiredOneForTheSameId() {
        IgnoreFile f = IgnoreFile.parse("x", "CVE-1 exp:2024-01-01\nCVE-1 exp:2026-01-01\n");
        assertThat(f.active("CVE-1", TODAY)).get().extracting(IgnoreFile.Entry::line).isEqualTo(2);
        assertThat(f.expiredFor("CVE-1", TODAY)).isEmpty();
    }

    @Test
    void readsWindowsLineEndings() {
        assertThat(IgnoreFile.parse("x", "CVE-1\r\nCVE-2 exp:2030-01-01\r\n").entries()).hasSize(2);
    }

    @Test
    void everyUnreadableLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> IgnoreFile.parse(".trivyignore", "CVE-1 exp:2025-13-01\nCVE-2\nCVE-3 CVE-4\nCVE-5 exp:01/02/2025\n"))
                .isInstanceOfSatisfying(IgnoreFile.InvalidException.class, e -> assertThat(e.problems()).containsExactly(
                        ".trivyignore:1: 'exp:2025-13-01' is not a date; write exp:YYYY-MM-DD",
                        ".trivyignore:3: unexpected 'CVE-4' after CVE-3; one ID per line, optionally followed by exp:YYYY-MM-DD and a # comment",
                        ".trivyignore:4: 'exp:01/02/2025' is not a date; write exp:YYYY-MM-DD"));
    }

    @Test
    void anEmptyFileIgnoresNothing() {
        assertThat(IgnoreFile.parse("x", "").entries()).isEmpty();
        assertThat(IgnoreFile.parse("x", "# only comments\n\n").entries()).isEmpty();
    }
}
