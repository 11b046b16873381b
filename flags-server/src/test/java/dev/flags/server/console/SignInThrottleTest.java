package dev.flags.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.server.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T03:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock,
            new ConsoleProperties.SignIn(3, 5, Duration.ofMinutes(15)));

    @Test
    void aNameIsLockedAfterItsFailuresUntilTheLockoutHasPassedSinceTheLast() {
        fail("erin", "10.0.0.1", 2);
        assertThat(throttle.allows("erin", "10.0.0.1")).isTrue();
        fail("erin", "10.0.0.2", 1);
        assertThat(throttle.allows("erin", "10.0.0.3")).as("locked from any address").isFalse();
        assertThat(throttle.allows("ERIN", "10.0.0.3")).as("names are matched without regard to case").isFalse();
        assertThat(throttle.allows("vic", "10.0.0.1")).as("another name").isTrue();
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(throttle.allows("erin", "10.0.0.1")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.allows("erin", "10.0.0.1")).isTrue();
    }

    @Test
    void failuresFartherApartThanTheLockoutStartAgain() {
        fail("erin", "10.0.0.1", 2);
        clock.advance(Duration.ofMinutes(15));
        fail("erin", "10.0.0.1", 2);
        assertThat(throttle.allows("erin", "10.0.0.1")).isTrue();
    }

    @Test
    void aSuccessClearsItsNameButNotItsAddress() {
        fail("erin", "10.0.0.1", 2);
        throttle.succeeded("erin");
        fail("erin", "10.0.0.1", 2);
        assertThat(throttle.allows("erin", "10.0.0.1")).isTrue();
        fail("mallory", "10.0.0.1", 1);
        assertThat(throttle.allows("someone-else", "10.0.0.1")).as("five failures from the address").isFalse();
        assertThat(throttle.allows("someone-else", "10.0.0.9")).isTrue();
    }

    @Test
    void memoryStaysBoundedWhileTheNewestCountsStay() {
        for (int i = 0; i < SignInThrottle.MAX_TRACKED + 50; i++) {
            clock.advance(Duration.ofMillis(1));
            throttle.failed("name-" + i, "10.0.0." + (i % 2));
        }
        fail("erin", "10.1.0.1", 3);
        assertThat(throttle.allows("erin", "10.1.0.2")).isFalse();
    }

    private void fail(String name, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(name, address);
        }
    }
}
