package dev.flags.server;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The database: the one {@code spring.datasource.url} names (PostgreSQL in production), else an embedded H2
 * database in files under {@code flags.server.data-dir}.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DataSourceConfiguration.class);

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Environment environment, FlagServerProperties properties) throws Exception {
        HikariDataSource dataSource = new HikariDataSource();
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            Path dir = properties.dataDir().toAbsolutePath().normalize();
            Files.createDirectories(dir);
            // DB_CLOSE_ON_EXIT=FALSE: the context closes the pool, not a JVM hook; LOCK_TIMEOUT: writers queue
            url = "jdbc:h2:file:" + dir.resolve("flags") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
            LOG.info("Using the embedded H2 database in {}", dir);
        } else {
            dataSource.setUsername(environment.getProperty("spring.datasource.username"));
            dataSource.setPassword(environment.getProperty("spring.datasource.password"));
        }
        dataSource.setJdbcUrl(url);
        dataSource.setPoolName("flags-server");
        dataSource.setMaximumPoolSize(environment.getProperty("spring.datasource.hikari.maximum-pool-size",
                Integer.class, 10));
        // a write while the database is down answers 503 after this, rather than after Hikari's 30 s
        dataSource.setConnectionTimeout(environment.getProperty("spring.datasource.hikari.connection-timeout",
                Long.class, 3000L));
        return dataSource;
    }
}
