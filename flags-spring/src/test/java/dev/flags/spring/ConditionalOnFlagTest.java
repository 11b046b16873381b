package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.FeatureFlags;
import dev.flags.spring.internal.FlagsClients;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

class ConditionalOnFlagTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class))
            .withUserConfiguration(Pricing.class);

    @Test
    void registersTheBeanOfAFlagThatIsOn() {
        runner.run(context -> assertThat(context).hasBean("newCheckoutPricing").doesNotHaveBean("classicPricing"));
    }

    @Test
    void registersTheBeanOfAFlagThatIsOffWhenAskedTo() {
        runner.run(context -> assertThat(context).hasBean("betaOffPricing").doesNotHaveBean("betaPricing"));
    }

    @Test
    void aMissingFlagCountsAsOff() {
        runner.run(context -> assertThat(context).doesNotHaveBean("missingFlagPricing"));
    }

    @Test
    void overridesFromPropertiesDecideToo() {
        runner.withPropertyValues("flags.overrides.new-checkout=off", "flags.overrides.beta-page=on")
                .run(context -> assertThat(context)
                        .hasBean("classicPricing").doesNotHaveBean("newCheckoutPricing")
                        .hasBean("betaPricing").doesNotHaveBean("betaOffPricing"));
    }

    @Test
    void guardsAWholeConfigurationClass() {
        runner.withUserConfiguration(BetaFeatures.class)
                .run(context -> assertThat(context).doesNotHaveBean("betaWidget"));
        runner.withUserConfiguration(BetaFeatures.class).withPropertyValues("flags.overrides.beta-page=on")
                .run(context -> assertThat(context).hasBean("betaWidget"));
    }

    @Test
    void theConditionAndTheBeanShareOneClient() {
        runner.run(context -> {
            FeatureFlags bean = context.getBean(FeatureFlags.class);
            assertThat(FlagsClients.shared(context.getBeanFactory(), context.getBean(FlagsProperties.class)))
                    .isSameAs(bean);
        });
    }

    @Test
    void theConditionLivesBesideTheAnnotationAndIsNotPublic() {
        Class<?> condition = ConditionalOnFlag.class.getAnnotation(Conditional.class).value()[0];
        assertThat(condition.getPackageName()).isEqualTo(ConditionalOnFlag.class.getPackageName());
        assertThat(java.lang.reflect.Modifier.isPublic(condition.getModifiers())).isFalse();
    }

    @Test
    void withACustomizerTheConditionsClientIsClosedAndTheBeanHasTheCustomizersSource() {
        runner.withBean(FeatureFlagsBuilderCustomizer.class,
                        () -> builder -> builder.source(dev.flags.FlagSources.inMemory("flags: { extra: {} }")))
                .run(context -> {
                    FeatureFlags bean = context.getBean(FeatureFlags.class);
                    assertThat(context).hasBean("newCheckoutPricing");
                    assertThat(bean.isEnabled("extra", dev.flags.FlagContext.anonymous())).isTrue();
                    assertThatThrownBy(() -> FlagsClients.shared(context.getBeanFactory(),
                            context.getBean(FlagsProperties.class))).hasMessageContaining("closed");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Pricing {
        @Bean
        @ConditionalOnFlag("new-checkout")
        String newCheckoutPricing() {
            return "new";
        }

        @Bean
        @ConditionalOnFlag(value = "new-checkout", enabled = false)
        String classicPricing() {
            return "classic";
        }

        @Bean
        @ConditionalOnFlag("beta-page")
        String betaPricing() {
            return "beta";
        }

        @Bean
        @ConditionalOnFlag(value = "beta-page", enabled = false)
        String betaOffPricing() {
            return "no beta";
        }

        @Bean
        @ConditionalOnFlag("no-such-flag")
        String missingFlagPricing() {
            return "missing";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnFlag("beta-page")
    static class BetaFeatures {
        @Bean
        String betaWidget() {
            return "widget";
        }
    }
}
