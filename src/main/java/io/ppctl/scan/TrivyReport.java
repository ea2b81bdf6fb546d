package io.ppctl.scan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What ppctl needs from a Trivy JSON report, plus the report itself ({@code raw}) so that ppctl's own report can
 * carry it unchanged. {@code trivyVersion} is empty when the report does not say (older Trivy releases).
 */
public record TrivyReport(int schemaVersion, String artifactName, String artifactType, String os,
                          String trivyVersion, List<String> targets, List<Finding> findings, JsonNode raw) {}
