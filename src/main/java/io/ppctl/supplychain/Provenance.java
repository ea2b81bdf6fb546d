package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The SLSA provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance) of a ppctl build: the build type is
 * ppctl's Docker build, externalParameters what the user chose (Dockerfile and its digest, stage, build arg names,
 * labels), resolvedDependencies the git commit, the base images by ID, the tool pins and each policy repo's commit.
 */
public final class Provenance {
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    public static final String BUILD_TYPE = "https://ppctl.dev/build/docker/v1";
    public static final String BUILDER_ID = "https://ppctl.dev/ppctl";

    private Provenance() {}

    public static ObjectNode predicate(BuildFacts f) {
        ObjectNode p = Json.object();
        ObjectNode def = p.putObject("buildDefinition");
        def.put("buildType", BUILD_TYPE);
        ObjectNode ext = def.putObject("externalParameters");
        ext.put("dockerfile", f.dockerfile());
        ext.putObject("dockerfileDigest").put("sha256", f.dockerfileSha256());
        ext.put("target", f.target());
        ArrayNode args = ext.putArray("buildArgs");
        f.buildArgs().forEach(args::add);
        ObjectNode labels = ext.putObject("labels");
        new java.util.TreeMap<>(f.labels()).forEach(labels::put);
        if (f.gitRemote() != null) {
            ObjectNode source = ext.putObject("source");
            source.put("uri", f.gitRemote());
            source.put("commit", f.gitCommit());
        }
        ObjectNode internal = def.putObject("internalParameters");
        internal.put("dirty", f.dirty());
        internal.put("noCache", f.noCache());
        internal.put("pull", f.pull());
        ArrayNode deps = def.putArray("resolvedDependencies");
        if (f.gitCommit() != null) {
            ObjectNode git = deps.addObject();
            git.put("name", "source");
            git.put("uri", "git+" + (f.gitRemote() == null ? "local" : f.gitRemote()));
            git.putObject("digest").put("gitCommit", f.gitCommit());
        }
        for (BuildFacts.BaseImage b : f.baseImages()) {
            ObjectNode d = deps.addObject();
            d.put("name", "base-image");
            d.put("uri", "docker-image://" + b.reference());
            if (b.imageId() != null) {
                d.putObject("digest").put("sha256", b.imageId().replace("sha256:", ""));
            }
        }
        new java.util.TreeMap<>(f.toolPins()).forEach((arg, version) -> {
            ObjectNode d = deps.addObject();
            d.put("name", "tool-pin");
            d.put("uri", "ppctl:build-arg/" + arg + "@" + version);
            d.putObject("annotations").put("buildArg", arg).put("version", version);
        });
        for (BuildFacts.PolicyRepo r : f.policyRepos()) {
            ObjectNode d = deps.addObject();
            d.put("name", "policy-repo/" + r.name());
            d.put("uri", "git+" + r.url() + (r.path() == null || r.path().isEmpty() ? "" : "#" + r.path()));
            d.putObject("digest").put("gitCommit", r.commit());
            d.putObject("annotations").put("ref", r.ref()).put("filesDigest", r.digest());
        }
        ObjectNode run = p.putObject("runDetails");
        ObjectNode builder = run.putObject("builder");
        builder.put("id", BUILDER_ID);
        builder.putObject("version").put("ppctl", f.ppctlVersion());
        ObjectNode meta = run.putObject("metadata");
        meta.put("invocationId", f.imageId());
        meta.put("startedOn", f.startedOn().toString());
        meta.put("finishedOn", f.finishedOn().toString());
        return p;
    }
}
