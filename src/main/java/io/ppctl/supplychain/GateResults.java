package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppctl.rules.GateRecord;
import io.ppctl.rules.ReleaseStep;

import java.util.List;
import java.util.Map;

/**
 * ppctl's own predicate: which gates the digest passed, under which configuration (sha256 of ppctl.yaml), each with
 * its summary and details (docs/supply-chain.md documents the fields). Its type is {@link #PREDICATE_TYPE}.
 */
public final class GateResults {
    public static final String PREDICATE_TYPE = "https://ppctl.dev/attestations/gate-results/v1";

    private GateResults() {}

    public static ObjectNode predicate(String imageId, String configSha256, List<ReleaseStep> required,
                                       Map<ReleaseStep, GateRecord.Outcome> outcomes) {
        ObjectNode p = Json.object();
        p.put("imageId", imageId);
        p.putObject("configDigest").put("sha256", configSha256);
        ObjectNode gates = p.putObject("gates");
        for (ReleaseStep gate : required) {
            GateRecord.Outcome o = outcomes.get(gate);
            ObjectNode g = gates.putObject(gate.word());
            g.put("passed", o != null && o.passed());
            if (o != null) {
                g.put("at", o.at().toString());
                g.put("summary", o.summary());
                if (o.details() != null) {
                    g.set("details", Json.MAPPER.valueToTree(o.details()));
                }
            }
        }
        return p;
    }
}
