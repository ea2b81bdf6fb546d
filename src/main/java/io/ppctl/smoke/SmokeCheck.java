package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig;

/** A check that runs inside the image's container. Metadata checks need no container: see {@link MetadataChecks}. */
public sealed interface SmokeCheck {

    String name();

    /** The kind in reports and JUnit class names: command, file, version. */
    String kind();

    /** A command from {@code smokeTests.commands} (or a default one) with its assertions. */
    record Command(SmokeTestsConfig.CommandCheck spec) implements SmokeCheck {
        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public String kind() {
            return "command";
        }
    }

    /** A path from {@code smokeTests.files}: existence, type, permissions, contents. */
    record File(SmokeTestsConfig.FileCheck spec) implements SmokeCheck {
        @Override
        public String name() {
            if (!spec.shouldExist()) {
                return spec.path() + " is absent";
            }
            String what = switch (spec.type()) {
                case "file" -> " is a file";
                case "directory" -> " is a directory";
                default -> " exists";
            };
            return spec.path() + what + (spec.permissions().isEmpty() ? "" : " " + spec.permissions());
        }

        @Override
        public String kind() {
            return "file";
        }
    }

    /** A tool must print the version its {@code *_VERSION} ARG in the Dockerfile pins. */
    record VersionPin(String tool, String arg, String pinned) implements SmokeCheck {
        @Override
        public String name() {
            return tool + " is " + pinned + " (" + arg + " in the Dockerfile)";
        }

        @Override
        public String kind() {
            return "version";
        }
    }
}
