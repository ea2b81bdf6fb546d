package io.ppctl.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JUnitReportTest {
    @Test
    void writesXmlThatParsesBackWithEveryCase(@TempDir Path dir) throws Exception {
        JUnitReport report = new JUnitReport("smoke-test", List.of(
                JUnitReport.Case.passed("smoke", "kyverno installed", Duration.ofMillis(120)),
                JUnitReport.Case.failed("smoke", "helm <version> & \"more\"", Duration.ofMillis(80),
                        "expected output Version: v3", "got: \u0001v2.0\n<tag>"),
                JUnitReport.Case.skipped("smoke", "pluto", "not configured")));
        Path file = dir.resolve("out/junit.xml");
        report.write(file);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        Element failed = (Element) doc.getElementsByTagName("testcase").item(1);
        assertThat(failed.getAttribute("name")).isEqualTo("helm <version> & \"more\"");
        assertThat(failed.getElementsByTagName("failure").item(0).getTextContent()).isEqualTo("got: v2.0\n<tag>");
        try (var s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("junit.xml");
        }
    }
}
