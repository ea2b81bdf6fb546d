package io.ppctl.docker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Labels on everything ppctl creates, so a crash-safe cleanup (ppctl clean, or a test's teardown) finds it.
 * {@code io.ppctl.session} is unique per ppctl run.
 */
public final class Labels {
    public static final String MANAGED = "io.ppctl.managed";
    public static final String SESSION = "io.ppctl.session";
    public static final String PURPOSE = "io.ppctl.purpose";
    /** Host and process that created a container: `ppctl clean` only removes those whose process is gone. */
    public static final String HOST = "io.ppctl.host";
    public static final String PID = "io.ppctl.pid";
    public static final String TOOLS = "io.ppctl.tools";
    public static final String POLICY_PREFIX = "io.ppctl.policy.";

    public static final String OCI_VERSION = "org.opencontainers.image.version";
    public static final String OCI_REVISION = "org.opencontainers.image.revision";
    public static final String OCI_CREATED = "org.opencontainers.image.created";
    public static final String OCI_SOURCE = "org.opencontainers.image.source";
    public static final String OCI_TITLE = "org.opencontainers.image.title";

    private static final String SESSION_ID = UUID.randomUUID().toString();

    private static final String HOST_NAME = readHostName();

    private Labels() {}

    public static String hostName() {
        return HOST_NAME;
    }

    private static String readHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static String sessionId() {
        return SESSION_ID;
    }

    /** The labels for a container or temporary image of this run; {@code purpose} is smoke-test, scan, ... */
    public static Map<String, String> forRun(String purpose) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED, "true");
        labels.put(SESSION, SESSION_ID);
        labels.put(PURPOSE, purpose);
        labels.put(HOST, hostName());
        labels.put(PID, String.valueOf(ProcessHandle.current().pid()));
        return labels;
    }
}
