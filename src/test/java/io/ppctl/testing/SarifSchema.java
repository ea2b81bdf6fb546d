package io.ppctl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The OASIS SARIF 2.1.0 JSON schema (fixtures/sarif, see its README) as a check of SARIF files. */
public final class SarifSchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile JsonSchema schema;

    private SarifSchema() {}

    /** Every way {@code sarif} breaks the schema ("$.runs[0]...: message"); empty when it is valid SARIF 2.1.0. */
    public static List<String> problems(Path sarif) {
        try {
            return problems(JSON.readTree(sarif.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> problems(JsonNode sarif) {
        return schema().validate(sarif).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static synchronized JsonSchema schema() {
        if (schema == null) {
            try (InputStream in = SarifSchema.class.getResourceAsStream("/fixtures/sarif/sarif-schema-2.1.0.json")) {
                // Formats (uri, date-time) are checked too: dashboards reject a SARIF file whose URIs do not parse.
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }
}
