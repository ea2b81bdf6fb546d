package io.ppctl.startup;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts {@link TrainingRun}, which is test code, in the JVM that records the class data sharing archive at
 * `mvn package`. pom.xml runs this file as a source file, with the jar alone on the class path:
 * {@code java -XX:ArchiveClassesAtExit=target/ppctl.jsa -cp target/ppctl.jar THIS_FILE target/test-classes}.
 * The archive serves only a JVM whose class path starts as it did when it was made, and ./ppctl runs the jar alone:
 * so the training classes come from a class loader of their own over the test classes, which the archive does not
 * tie itself to (a class folder or a second jar on the class path would). Like the training, it never fails the build.
 */
public final class TrainingLauncher {
    private TrainingLauncher() {}

    public static void main(String[] args) {
        Path classes = Path.of(args.length > 0 ? args[0] : "target/test-classes");
        if (!Files.isRegularFile(classes.resolve("io/ppctl/startup/TrainingRun.class"))) {
            skipped("no training classes in " + classes + " (were the tests compiled?)");
            return;
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getSystemClassLoader())) {
            loader.loadClass(TrainingLauncher.class.getPackageName() + ".TrainingRun").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            skipped(String.valueOf(e.getCause()));
        } catch (Exception | LinkageError e) {
            skipped(e.toString());
        }
    }

    private static void skipped(String why) {
        System.err.println("ppctl class data sharing training: " + why + " (start-up is slower, nothing else changes)");
    }
}
