package io.ppctl.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Docker-backed class (or test) whose subject does not vary with the engine (a tool's output, ppctl's own registry client, git,
 * the launcher; the engine at most hosts incidental containers, which the other classes prove on every engine). It
 * runs once: scripts/test passes {@code -Dppctl.engineIndependentOnce=true} to the tiers after Docker 20.10's when that
 * tier runs too, and there the class is skipped before its set-up (a test, before its own), with the reason the compatibility table repeats.
 * Run by hand (any DOCKER_HOST, no property), it runs.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EngineIndependent.Once.class)
public @interface EngineIndependent {
    String PROPERTY = "ppctl.engineIndependentOnce";

    final class Once implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!Boolean.getBoolean(PROPERTY) || Engine.current().isDefaultDocker()) {
                return ConditionEvaluationResult.enabled("runs on this tier");
            }
            Engine e = Engine.current();
            return ConditionEvaluationResult.disabled(e.name() + " " + e.version()
                    + ": engine-independent (a tool, a registry or git is the subject), run once on the Docker 20.10 tier");
        }
    }
}
