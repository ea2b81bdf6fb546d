package io.ppctl;

import io.ppctl.build.BuildOptions;
import io.ppctl.build.BuildPlan;
import io.ppctl.build.BuildResult;
import io.ppctl.docker.ImageDetails;
import io.ppctl.project.BuildRecord;
import io.ppctl.release.ReleaseOptions;
import io.ppctl.release.ReleaseReport;
import io.ppctl.scan.ScanOptions;
import io.ppctl.version.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The wide records are made with their builders, never by position (issue 18): a reader of a call sees which value
 * is which. A builder is written by hand, so this checks that each field has a setter named after it that sets that
 * field and no other, that toBuilder (where there is one) copies every field, and that no code but the builder calls
 * the record's constructor.
 */
class RecordBuildersTest {
    /** The records that have a builder (CONTRIBUTING.md, "Adding a field to a wide record"). */
    static List<Class<? extends Record>> built() {
        return List.of(ScanOptions.class, ImageDetails.class, BuildRecord.class, BuildResult.class,
                BuildPlan.class, ReleaseOptions.class, ReleaseReport.class,
                BuildOptions.class);
    }

    @ParameterizedTest
    @MethodSource("built")
    void eachSetterSetsItsOwnFieldAndNoOther(Class<? extends Record> type) throws ReflectiveOperationException {
        Record empty = build(builder(type));
        RecordComponent[] components = type.getRecordComponents();
        for (RecordComponent c : components) {
            Object builder = builder(type);
            Object sample = sample(c.getType(), c.getAccessor().invoke(empty));
            setter(builder, c).invoke(builder, sample);
            Record made = build(builder);
            for (RecordComponent other : components) {
                Object expected = other == c ? sample : other.getAccessor().invoke(empty);
                assertThat(other.getAccessor().invoke(made))
                        .as("%s.%s after the builder set only %s", type.getSimpleName(), other.getName(), c.getName())
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("built")
    void toBuilderCopiesEveryField(Class<? extends Record> type) throws ReflectiveOperationException {
        Method toBuilder;
        try {
            toBuilder = type.getMethod("toBuilder");
        } catch (NoSuchMethodException e) {
            return;
        }
        Record empty = build(builder(type));
        Object builder = builder(type);
        for (RecordComponent c : type.getRecordComponents()) {
            setter(builder, c).invoke(builder, sample(c.getType(), c.getAccessor().invoke(empty)));
        }
        Record full = build(builder);
        assertThat(build(toBuilder.invoke(full))).isEqualTo(full);
    }

    @ParameterizedTest
    @MethodSource("built")
    void onlyTheBuilderCallsTheConstructor(Class<? extends Record> type) throws IOException {
        Pattern call = Pattern.compile("\\bnew\\s+" + type.getSimpleName() + "\\s*\\(");
        List<String> callers = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    long calls = call.matcher(read(f)).results().count();
                    boolean own = f.getFileName().toString().equals(type.getSimpleName() + ".java");
                    if (calls > (own ? 1 : 0)) {
                        callers.add(f + " (" + calls + ")");
                    }
                }
            }
        }
        assertThat(callers).as("new %s(...) outside its builder's build()", type.getSimpleName()).isEmpty();
    }

    private static Object builder(Class<?> type) throws ReflectiveOperationException {
        return type.getMethod("builder").invoke(null);
    }

    private static Record build(Object builder) throws ReflectiveOperationException {
        return (Record) builder.getClass().getMethod("build").invoke(builder);
    }

    private static Method setter(Object builder, RecordComponent c) {
        try {
            return builder.getClass().getMethod(c.getName(), c.getType());
        } catch (NoSuchMethodException e) {
            return fail("%s has no setter %s(%s)", builder.getClass().getName(), c.getName(), c.getType().getSimpleName());
        }
    }

    /** A value of {@code type} other than {@code current} (what an empty builder gives). */
    private static Object sample(Class<?> type, Object current) throws ReflectiveOperationException {
        Object sample = sampleOf(type);
        if (sample.equals(current)) {
            fail("the sample %s of %s is what an empty builder gives: pick another in RecordBuildersTest.sampleOf", sample,
                    type.getSimpleName());
        }
        return sample;
    }

    private static Object sampleOf(Class<?> type) throws ReflectiveOperationException {
        if (type == String.class) {
            return "sample";
        } else if (type == boolean.class || type == Boolean.class) {
            return true;
        } else if (type == int.class || type == Integer.class) {
            return 7;
        } else if (type == long.class || type == Long.class) {
            return 7L;
        } else if (type == double.class || type == Double.class) {
            return 7.5;
        } else if (type == Instant.class) {
            return Instant.ofEpochSecond(7);
        } else if (type == Duration.class) {
            return Duration.ofSeconds(7);
        } else if (type == Path.class) {
            return Path.of("sample");
        } else if (type == List.class) {
            return List.of("sample");
        } else if (type == Set.class) {
            return Set.of("sample");
        } else if (type == SortedMap.class) {
            return new TreeMap<>(Map.of("sample", "value"));
        } else if (type == Map.class) {
            return Map.of("sample", "value");
        } else if (type == Version.class) {
            return Version.of("v7.0.0");
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        } else if (type.isRecord()) {
            return recordOfZeros(type);
        }
        for (Field constant : type.getFields()) {
            if (Modifier.isStatic(constant.getModifiers()) && constant.getType() == type) {
                return constant.get(null);
            }
        }
        return fail("no sample value for %s: add one to RecordBuildersTest.sampleOf", type.getName());
    }

    /** The record with null, 0 or false in every field: equal to another such one, unequal to null. */
    private static Object recordOfZeros(Class<?> type) throws ReflectiveOperationException {
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] zeros = Arrays.stream(types).map(RecordBuildersTest::zero).toArray();
        Constructor<?> canonical = type.getDeclaredConstructor(types);
        if (!Modifier.isPublic(canonical.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            canonical.setAccessible(true);
        }
        try {
            return canonical.newInstance(zeros);
        } catch (InvocationTargetException e) {
            return fail("%s takes no zeros (%s): add a sample to RecordBuildersTest.sampleOf", type.getName(), e.getCause());
        }
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        } else if (type == boolean.class) {
            return false;
        } else if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == double.class) {
            return 0.0;
        }
        return fail("no zero for %s", type);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
