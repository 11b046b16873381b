package dev.flags.server;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * The flag server: the store protocol for the fleet, the write API, audit and tokens, on PostgreSQL or an embedded
 * H2 database. Start it with {@code main}, or in-process with
 * {@code new SpringApplicationBuilder(FlagServerApplication.class).run(args)}; several may run in one JVM.
 */
@SpringBootApplication
@EnableConfigurationProperties(FlagServerProperties.class)
@PropertySource("classpath:dev/flags/server/server-defaults.properties")
public class FlagServerApplication {

    /** Starts the server. */
    public static void main(String[] args) {
        SpringApplication.run(FlagServerApplication.class, args);
    }

    /** The time of revisions, token use and stream ages; a test may register its own. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
