package io.ppctl.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How ppctl configures Jackson, in one place. Each call makes a new mapper, so a caller may add what its own format
 * needs (sorted keys, lenient reading) without changing anyone else's.
 */
public final class JsonMappers {
    private JsonMappers() {}

    /** For other programs' JSON (registries, docker's config, Trivy, Pluto, signatures), read and written as is. */
    public static ObjectMapper plain() {
        return new ObjectMapper();
    }

    /**
     * For ppctl's own files and reports and --output json: java.time values as ISO-8601 text, an Optional as its
     * value, indented for people and diffs.
     */
    public static ObjectMapper files() {
        return new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
