package dev.flags.spring.web;

import dev.flags.FeatureFlags;
import dev.flags.spring.FlagContextResolver;
import dev.flags.spring.FlagEnabled;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A small web application for the real-server tests: controllers, a cached service, basic-auth security. */
@SpringBootApplication
@EnableCaching
public class TestApplication {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(AbstractHttpConfigurer::disable)
                .build();
    }

    @Bean
    ConcurrentMapCacheManager cacheManager() {
        return new ConcurrentMapCacheManager("prices");
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
                User.withUsername("ops").password("{noop}ops-pw").roles("ADMIN").build());
    }

    @RestController
    static class ShopController {
        private final FeatureFlags flags;
        private final FlagContextResolver resolver;
        private final Prices prices;

        ShopController(FeatureFlags flags, FlagContextResolver resolver, Prices prices) {
            this.flags = flags;
            this.resolver = resolver;
            this.prices = prices;
        }

        @GetMapping("/checkout")
        @FlagEnabled("new-checkout")
        public String checkout() {
            return "new checkout";
        }

        @GetMapping("/beta")
        @FlagEnabled("beta-page")
        public String beta() {
            return "beta";
        }

        @GetMapping("/pricing")
        @FlagEnabled(value = "beta-page", fallback = "classicPricing")
        public String pricing(@RequestParam(defaultValue = "book") String item) {
            return "beta pricing of " + item;
        }

        String classicPricing(String item) {
            return "classic pricing of " + item;
        }

        @GetMapping("/alice")
        @FlagEnabled("alice-only")
        public String alice() {
            return "hello alice";
        }

        @GetMapping("/whoami")
        public String whoami() {
            return String.valueOf(resolver.currentContext().key());
        }

        @GetMapping("/dutch")
        public String dutch() {
            return flags.isEnabled("dutch-only", resolver.currentContext()) ? "dutch" : "not dutch";
        }

        @GetMapping("/price")
        public int price() {
            return prices.price("book");
        }
    }

    @RestController
    @RequestMapping("/labs")
    @FlagEnabled("beta-page")
    static class LabsController {
        @GetMapping("/experiment")
        public String experiment() {
            return "experiment";
        }
    }

    /** Already proxied for caching; the flag check runs before the cache. */
    @Service
    static class Prices {
        private final AtomicInteger loads = new AtomicInteger();

        @Cacheable("prices")
        @FlagEnabled("new-checkout")
        public int price(String item) {
            return 10 + loads.incrementAndGet();
        }
    }
}
