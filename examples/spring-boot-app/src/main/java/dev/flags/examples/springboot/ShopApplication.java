package dev.flags.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop on flags-spring. Flags come from {@code flags.yaml} on the class path, and from a remote flag store
 * above it when {@code FLAGS_REMOTE_URL} is set. See the module's README for what to try.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
