package dev.flags.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.cli.Cli.Result;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet kill switch end to end: one server, 20 streaming clients, `flags kill`, every client off. */
class FleetKillIT {

    @TempDir
    Path data;

    @Test
    void everyStreamingClientFollowsACliKill() throws Exception {
        try (ServerFixture server = new ServerFixture(data)) {
            server.create("production", "new-checkout", "{\"enabled\": true}");
            try (Fleet fleet = new Fleet(server.url, "production", ServerFixture.ADMIN, "new-checkout", 20)) {
                await().atMost(Duration.ofSeconds(60)).until(fleet::allEnabled);
                fleet.arm();

                Result kill = server.cli().run("kill", "new-checkout", "-m", "incident 42");

                assertThat(kill.code()).as(kill.err()).isZero();
                assertThat(fleet.awaitAllOff(Duration.ofSeconds(60))).isTrue();
                assertThat(fleet.noneEnabled()).isTrue();
            }
        }
    }
}
