package io.ppctl.policies;

/** The {@code path:} of a policy repo in one spelling: "" for the whole repo, else "a/b" (no "./", no trailing '/'). */
final class PolicyPaths {
    private PolicyPaths() {}

    static String normalize(String path) {
        String p = path == null ? "" : path.trim();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        p = p.replaceAll("/+", "/").replace("/./", "/");
        return p.equals(".") ? "" : p;
    }
}
