package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class FlagEnabledTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class));

    @Test
    void runsTheMethodWhileTheFlagIsOn() {
        runner.withBean(Shop.class).run(context ->
                assertThat(context.getBean(Shop.class).checkout("cart-1")).isEqualTo("new checkout of cart-1"));
    }

    @Test
    void throwsFlagDisabledExceptionWhileTheFlagIsOff() {
        runner.withBean(Shop.class).run(context ->
                assertThatThrownBy(() -> context.getBean(Shop.class).beta())
                        .isInstanceOf(FlagDisabledException.class)
                        .hasMessage("flag 'beta-page' is off")
                        .extracting(e -> ((FlagDisabledException) e).getFlagKey()).isEqualTo("beta-page"));
    }

    @Test
    void callsTheFallbackWithTheSameArgumentsWhileTheFlagIsOff() {
        runner.withBean(Shop.class).withPropertyValues("flags.overrides.new-checkout=off").run(context ->
                assertThat(context.getBean(Shop.class).checkout("cart-1")).isEqualTo("classic checkout of cart-1"));
    }

    @Test
    void followsTheFlagAsItChanges() {
        runner.withBean(Shop.class).run(context -> {
            Shop shop = context.getBean(Shop.class);
            FeatureFlags flags = context.getBean(FeatureFlags.class);
            flags.overrides().set("new-checkout", "off");
            assertThat(shop.checkout("c")).startsWith("classic");
            flags.overrides().clear("new-checkout");
            assertThat(shop.checkout("c")).startsWith("new");
        });
    }

    @Test
    void evaluatesWithTheResolversContext() {
        runner.withBean(Shop.class).withBean(FlagContextResolver.class, () -> () -> FlagContext.of("alice"))
                .run(context -> assertThat(context.getBean(Shop.class).aliceOnly()).isEqualTo("hi alice"));
        runner.withBean(Shop.class).withBean(FlagContextResolver.class, () -> () -> FlagContext.of("bob"))
                .run(context -> assertThatThrownBy(() -> context.getBean(Shop.class).aliceOnly())
                        .isInstanceOf(FlagDisabledException.class));
    }

    @Test
    void onAClassGuardsEveryPublicMethodAndAMethodsOwnAnnotationWins() {
        runner.withBean(Labs.class).run(context -> {
            Labs labs = context.getBean(Labs.class);
            assertThatThrownBy(labs::experiment).isInstanceOf(FlagDisabledException.class);
            assertThat(labs.experiment(3)).isEqualTo(-1);
            assertThat(labs.released()).isEqualTo("released");
            assertThat(labs.toString()).startsWith("Labs");
        });
    }

    @Test
    void leavesBeansWithoutTheAnnotationUnproxied() {
        runner.withBean(Plain.class).run(context ->
                assertThat(AopUtils.isAopProxy(context.getBean(Plain.class))).isFalse());
    }

    @Test
    void worksOnBeansThatAnotherAspectAlreadyProxies() {
        runner.withUserConfiguration(Caching.class).run(context -> {
            CachedCatalog catalog = context.getBean(CachedCatalog.class);
            FeatureFlags flags = context.getBean(FeatureFlags.class);
            assertThat(catalog.price("book")).isEqualTo(1);
            assertThat(catalog.price("book")).isEqualTo(1);
            assertThat(catalog.loads()).isEqualTo(1);
            flags.overrides().set("new-checkout", "off");
            assertThatThrownBy(() -> catalog.price("book")).isInstanceOf(FlagDisabledException.class);
        });
    }

    @Test
    void honoursTheAnnotationOnAnInterfaceMethod() {
        runner.withBean(Greeter.class, EnglishGreeter::new).run(context -> {
            assertThatThrownBy(() -> context.getBean(Greeter.class).greet())
                    .isInstanceOf(FlagDisabledException.class);
        });
    }

    @Test
    void aMissingFallbackFailsTheStartUpNamingTheMethod() {
        runner.withBean("wrongShop", WrongFallback.class).run(context ->
                assertThat(context).getFailure()
                        .hasStackTraceContaining("Bean 'wrongShop'")
                        .hasStackTraceContaining("@FlagEnabled(value = \"new-checkout\", fallback = \"classic\") on "
                                + "WrongFallback.checkout(String) needs a method classic(String)")
                        .hasStackTraceContaining("found WrongFallback.classic(int)"));
    }

    @Test
    void aFallbackOfAnotherReturnTypeFailsTheStartUp() {
        runner.withBean(WrongReturnType.class).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("returning java.lang.String, but "
                        + "WrongReturnType.classic(String) returns java.lang.Integer"));
    }

    @Test
    void aFinalMethodFailsTheStartUp() {
        runner.withBean(FinalMethod.class).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("cannot be guarded: the method is final"));
    }

    public static class Shop {
        @FlagEnabled(value = "new-checkout", fallback = "classicCheckout")
        public String checkout(String cart) {
            return "new checkout of " + cart;
        }

        String classicCheckout(String cart) {
            return "classic checkout of " + cart;
        }

        @FlagEnabled("beta-page")
        public String beta() {
            return "beta";
        }

        @FlagEnabled("alice-only")
        public String aliceOnly() {
            return "hi alice";
        }
    }

    @FlagEnabled(value = "beta-page", fallback = "notYet")
    public static class Labs {
        public String experiment() {
            return "experiment";
        }

        public int experiment(int n) {
            return n * n;
        }

        @FlagEnabled("new-checkout")
        public String released() {
            return "released";
        }

        public int notYet(int n) {
            return -1;
        }

        public String notYet() {
            throw new FlagDisabledException("beta-page");
        }

        @Override
        public String toString() {
            return "Labs";
        }
    }

    public static class Plain {
        public String hello() {
            return "hello";
        }
    }

    public interface Greeter {
        @FlagEnabled("beta-page")
        String greet();
    }

    public static class EnglishGreeter implements Greeter {
        @Override
        public String greet() {
            return "hello";
        }
    }

    public static class CachedCatalog {
        private final AtomicInteger loads = new AtomicInteger();

        public int loads() {
            return loads.get();
        }

        @Cacheable("prices")
        @FlagEnabled("new-checkout")
        public int price(String item) {
            return loads.incrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {
        @Bean
        ConcurrentMapCacheManager cacheManager() {
            return new ConcurrentMapCacheManager("prices");
        }

        @Bean
        CachedCatalog catalog() {
            return new CachedCatalog();
        }
    }

    public static class WrongFallback {
        @FlagEnabled(value = "new-checkout", fallback = "classic")
        public String checkout(String cart) {
            return cart;
        }

        public String classic(int cart) {
            return "classic";
        }
    }

    public static class WrongReturnType {
        @FlagEnabled(value = "new-checkout", fallback = "classic")
        public String checkout(String cart) {
            return cart;
        }

        public Integer classic(String cart) {
            return 0;
        }
    }

    @Test
    void aClassAnnotationOverAFinalPublicMethodFailsTheStartUp() {
        runner.withBean(FinalMethodOfAGuardedClass.class).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining(
                        "@FlagEnabled(\"beta-page\") on FinalMethodOfAGuardedClass.page() cannot be guarded: the"
                                + " method is final")
                        .hasStackTraceContaining("the class's @FlagEnabled covers every public method"));
    }

    @Test
    void aClassAnnotationLeavesFinalMethodsItInheritsFromAnUnguardedClassAlone() {
        runner.withBean(GuardedSubclassOfAFrameworkClass.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(GuardedSubclassOfAFrameworkClass.class).name()).isEqualTo("framework");
        });
    }

    @FlagEnabled("beta-page")
    public static class FinalMethodOfAGuardedClass {
        public final String page() {
            return "beta";
        }
    }

    public static class FrameworkBase {
        public final String name() {
            return "framework";
        }
    }

    @FlagEnabled("new-checkout")
    public static class GuardedSubclassOfAFrameworkClass extends FrameworkBase {
        public String checkout() {
            return "checkout";
        }
    }

    public static class FinalMethod {
        @FlagEnabled("new-checkout")
        public final String checkout() {
            return "final";
        }
    }
}
