package io.ppctl.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.console.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckReportTest {
    private static final CheckReport REPORT = new CheckReport("smoke-test", "policy-platform:v1.2.3", "sha256:abc", List.of(
            CheckResult.pass("kyverno version", "command", Duration.ofMillis(120)),
            CheckResult.fail("/repos/ is a directory", "file", Duration.ofMillis(40), "/repos/ does not exist", "/repos/ is a directory",
                    "exit code 1\nstderr: ls: /repos/: No such file or directory")));

    @Test
    void summarisesPassedAndFailed() {
        assertThat(REPORT.summary()).isEqualTo("1 passed, 1 failed");
        assertThat(REPORT.failedNames()).containsExactly("/repos/ is a directory");
        assertThat(REPORT.allPassed()).isFalse();
    }

    @Test
    void becomesJUnitWithOneTestcasePerCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smoke.xml");
        REPORT.toJUnit().write(file);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        Element failed = (Element) doc.getElementsByTagName("testcase").item(1);
        assertThat(failed.getAttribute("classname")).isEqualTo("ppctl.smoke-test.file");
        assertThat(failed.getAttribute("time")).isEqualTo("0.040");
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("/repos/ does not exist");
        assertThat(failure.getTextContent()).contains("expected: /repos/ is a directory", "No such file or directory");
    }

    @Test
    void becomesJsonWithCountsAndMilliseconds() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Console.toJson(REPORT));
        assertThat(json.get("suite").asText()).isEqualTo("smoke-test");
        assertThat(json.get("passed").asInt()).isEqualTo(1);
        assertThat(json.get("failed").asInt()).isEqualTo(1);
        JsonNode check = json.get("checks").get(1);
        assertThat(check.get("status").asText()).isEqualTo("failed");
        assertThat(check.get("passed").asBoolean()).isFalse();
        assertThat(check.get("durationMillis").asLong()).isEqualTo(40);
        assertThat(check.has("duration")).isFalse();
        assertThat(check.get("expected").asText()).isEqualTo("/repos/ is a directory");
    }
}
