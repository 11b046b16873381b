package dev.flags.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.cli.Cli.Result;
import dev.flags.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet kill switch through replicas: one server and two replicas on one real PostgreSQL (a throwaway one from
 * the local installation, or FLAGS_PG_URL), 20 streaming clients split over the replicas, `flags kill` on the first
 * server, and every client off. Skipped without PostgreSQL, except on CI.
 */
class FleetKillReplicasIT {

    @TempDir
    Path data;

    @Test
    void everyClientOfEitherReplicaFollowsACliKillOnThePrimary() throws Exception {
        try (PostgresServer postgres = postgres();
                ServerFixture primary = ServerFixture.onPostgres(data.resolve("primary"), postgres);
                ServerFixture replicaA = ServerFixture.onPostgres(data.resolve("a"), postgres);
                ServerFixture replicaB = ServerFixture.onPostgres(data.resolve("b"), postgres)) {
            primary.create("production", "new-checkout", "{\"enabled\": true}");
            try (Fleet fleet = new Fleet(List.of(replicaA.url, replicaB.url), "production", ServerFixture.ADMIN,
                    "new-checkout", 20)) {
                await().atMost(Duration.ofSeconds(60)).until(fleet::allEnabled);
                fleet.arm();

                Result kill = primary.cli().run("kill", "new-checkout", "-m", "incident 42");

                assertThat(kill.code()).as(kill.err()).isZero();
                assertThat(fleet.awaitAllOff(Duration.ofSeconds(60))).isTrue();
                assertThat(fleet.noneEnabled()).isTrue();
            }
        }
    }

    private static PostgresServer postgres() {
        try {
            return PostgresServer.connectOrStart();
        } catch (PostgresServer.Unavailable e) {
            if (PostgresServer.onCi()) {
                throw new IllegalStateException("CI needs PostgreSQL for this test: " + e.getMessage(), e);
            }
            return Assumptions.abort(e.getMessage());
        }
    }
}
