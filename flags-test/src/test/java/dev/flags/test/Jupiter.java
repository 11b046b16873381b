package dev.flags.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs {@link Fixture} test classes on the Jupiter engine, the way a build would, and reads what happened. */
final class Jupiter {

    private Jupiter() {
    }

    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameters(configuration)
                .configurationParameter(Fixture.PARAMETER, "true")
                .execute();
    }

    /** The display names of these events, in the order they happened. */
    static List<String> names(Events events) {
        return events.stream().map(event -> event.getTestDescriptor().getDisplayName()).toList();
    }

    /** The failure of a failed event. */
    static Throwable failure(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }
}
