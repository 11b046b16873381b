package dev.flags.examples.springboot;

import dev.flags.spring.ConditionalOnFlag;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link Pricing} bean or the other, as the {@code holiday-pricing} flag says at start-up. */
@Configuration(proxyBeanMethods = false)
public class PricingConfiguration {

    @Bean
    @ConditionalOnFlag("holiday-pricing")
    Pricing holidayPricing() {
        return new Pricing() {
            @Override
            public String name() {
                return "holiday";
            }

            @Override
            public String price(String item) {
                return "8.00 EUR (holiday price)";
            }
        };
    }

    @Bean
    @ConditionalOnFlag(value = "holiday-pricing", enabled = false)
    Pricing regularPricing() {
        return new Pricing() {
            @Override
            public String name() {
                return "regular";
            }

            @Override
            public String price(String item) {
                return "10.00 EUR";
            }
        };
    }
}
