package io.ppctl.cli;

import picocli.CommandLine.IVersionProvider;

/** ppctl's own version (not the project's VERSION), from the jar manifest. */
public final class PpctlVersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = PpctlCommand.class.getPackage().getImplementationVersion();
        return new String[] {"ppctl " + (v == null ? "development build" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
