package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.FlagsStatus;
import dev.flags.Reason;
import dev.flags.remote.HttpFlagSource;
import dev.flags.spring.internal.DefaultFlagContextResolver;
import dev.flags.spring.internal.ErrorTracking;
import dev.flags.spring.internal.FlagDisabledExceptionResolver;
import dev.flags.spring.internal.FlagGuardPostProcessor;
import dev.flags.spring.internal.ServerErrorTrackingFilter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

class FlagsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class));

    @Test
    void readsClasspathFlagsYamlByDefault() {
        runner.run(context -> {
            FeatureFlags flags = context.getBean(FeatureFlags.class);
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
            assertThat(flags.status().sources()).extracting(FlagsStatus.SourceStatus::name)
                    .containsExactly("classpath:flags.yaml");
            assertThat(flags.isEnabled("new-checkout", FlagContext.anonymous())).isTrue();
            assertThat(context).hasSingleBean(FlagContextResolver.class)
                    .hasSingleBean(FlagGuardPostProcessor.class);
            assertThat(context.getBean(FlagContextResolver.class)).isInstanceOf(DefaultFlagContextResolver.class);
        });
    }

    @Test
    void closesTheClientWithTheContext(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("closing.yaml"), "flags: { a: { enabled: true } }");
        runner.withPropertyValues("flags.location=file:" + file).run(context ->
                assertThat(threadsNamed("flags-file-closing.yaml")).isPositive());
        await().atMost(Duration.ofSeconds(5)).until(() -> threadsNamed("flags-file-closing.yaml") == 0);
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).count();
    }

    @Test
    void backsOffForTheApplicationsClient() {
        runner.withUserConfiguration(OwnClient.class).run(context -> {
            assertThat(context).hasSingleBean(FeatureFlags.class);
            assertThat(context.getBean(FeatureFlags.class).flagKeys()).containsOnlyKeys("own");
        });
    }

    @Test
    void backsOffForTheApplicationsResolver() {
        runner.withUserConfiguration(OwnResolver.class).run(context -> {
            assertThat(context).hasSingleBean(FlagContextResolver.class);
            assertThat(context.getBean(FlagContextResolver.class).currentContext().key()).isEqualTo("own");
        });
    }

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues(
                "flags.location=classpath:flags.yaml",
                "flags.remote.token=secret-token",
                "flags.remote.poll-interval=10s",
                "flags.remote.streaming=true",
                "flags.remote.backup-file=/var/cache/app/flags.json",
                "flags.remote.headers.X-Api-Key=k",
                "flags.remote.usage.enabled=true",
                "flags.remote.usage.interval=20s",
                "flags.remote.usage.app=checkout",
                "flags.startup-wait=2s",
                "flags.overrides.new-checkout=off",
                "flags.overrides[Odd_Key.x]=on",
                "flags.overrides.snake_Case=on",
                "flags.context.header=X-Customer",
                "flags.context.principal=false",
                "flags.context.header-attributes.country=X-Country",
                "flags.context.request-attributes.plan=userPlan",
                "flags.web.disabled-status=410",
                "flags.health.stale-status=OUT_OF_SERVICE",
                "flags.guards.track-method-errors=false",
                "flags.guards.track-server-errors=false").run(context -> {
                    FlagsProperties properties = context.getBean(FlagsProperties.class);
                    assertThat(properties.location()).isEqualTo("classpath:flags.yaml");
                    assertThat(properties.remote().url()).isNull();
                    assertThat(properties.remote().token()).isEqualTo("secret-token");
                    assertThat(properties.remote().pollInterval()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(properties.remote().streaming()).isTrue();
                    assertThat(properties.remote().backupFile()).isEqualTo(Path.of("/var/cache/app/flags.json"));
                    assertThat(properties.remote().headers()).containsEntry("X-Api-Key", "k");
                    assertThat(properties.remote().toString()).doesNotContain("secret-token");
                    assertThat(properties.remote().usage())
                            .isEqualTo(new FlagsProperties.Usage(true, Duration.ofSeconds(20), "checkout"));
                    assertThat(properties.startupWait()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.overrides()).containsEntry("new-checkout", "off")
                            .containsEntry("Odd_Key.x", "on").containsEntry("snake_Case", "on");
                    assertThat(properties.context().header()).isEqualTo("X-Customer");
                    assertThat(properties.context().principal()).isFalse();
                    assertThat(properties.context().headerAttributes()).containsEntry("country", "X-Country");
                    assertThat(properties.context().requestAttributes()).containsEntry("plan", "userPlan");
                    assertThat(properties.web().disabledStatus()).isEqualTo(410);
                    assertThat(properties.health().staleStatus()).isEqualTo("OUT_OF_SERVICE");
                    assertThat(properties.guards().trackMethodErrors()).isFalse();
                    assertThat(properties.guards().trackServerErrors()).isFalse();
                });
    }

    @Test
    void theRemoteSettingsPrintNoSecretEvenInTheUrl() {
        FlagsProperties.Remote remote = new FlagsProperties.Remote(
                URI.create("https://ops:hunter2@flags.internal:8443/v1/flags?key=k3y#k3y"), "secret-token",
                Duration.ofSeconds(30), true, null, Map.of("X-Api-Key", "header-secret"),
                new FlagsProperties.Usage(false, null, null));

        assertThat(remote.toString())
                .contains("url=https://flags.internal:8443/v1/flags,")
                .doesNotContain("hunter2").doesNotContain("k3y").doesNotContain("secret-token")
                .doesNotContain("header-secret");
        assertThat(new FlagsProperties.Remote(URI.create("https://flags.internal/v1//team@flags"), null,
                Duration.ofSeconds(30), false, null, Map.of(), new FlagsProperties.Usage(false, null, null))
                .toString())
                .contains("url=https://flags.internal/v1//team@flags,");
    }

    @Test
    void hasTheDocumentedDefaults() {
        runner.run(context -> {
            FlagsProperties properties = context.getBean(FlagsProperties.class);
            assertThat(properties.location()).isEqualTo("classpath:flags.yaml");
            assertThat(properties.remote().isConfigured()).isFalse();
            assertThat(properties.remote().pollInterval()).as("flags-remote's default applies").isNull();
            assertThat(properties.remote().streaming()).isFalse();
            assertThat(properties.remote().usage()).isEqualTo(new FlagsProperties.Usage(false, null, null));
            assertThat(properties.startupWait()).as("flags-remote's default applies").isNull();
            assertThat(properties.overrides()).isEmpty();
            assertThat(properties.context().header()).isEqualTo("X-User-Id");
            assertThat(properties.context().principal()).isTrue();
            assertThat(properties.web().disabledStatus()).isEqualTo(404);
            assertThat(properties.health().staleStatus()).isEqualTo("UP");
            assertThat(properties.guards().trackMethodErrors()).isTrue();
            assertThat(properties.guards().trackServerErrors()).isTrue();
        });
    }

    @Test
    void appliesOverridesFromProperties() {
        runner.withPropertyValues("flags.overrides.new-checkout=off", "flags.overrides.greeting=formal",
                "flags.overrides.beta-page=<killed>").run(context -> {
                    FeatureFlags flags = context.getBean(FeatureFlags.class);
                    Evaluation<Boolean> checkout = flags.evaluateBoolean("new-checkout", FlagContext.anonymous(), true);
                    assertThat(checkout.value()).isFalse();
                    assertThat(checkout.reason()).isEqualTo(Reason.OVERRIDE);
                    assertThat(flags.getString("greeting", FlagContext.anonymous(), "?")).isEqualTo("Good day");
                    assertThat(flags.overrides().asMap()).containsEntry("beta-page", "<killed>");
                });
    }

    @Test
    void anOverrideNamingAMissingVariantFailsTheStartUp() {
        runner.withPropertyValues("flags.overrides.greeting=shouting").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("greeting")
                        .hasMessageContaining("shouting"));
        runner.withPropertyValues("flags.overrides.greeting=shouting").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("flags.overrides.greeting=shouting"));
    }

    @Test
    void aMissingLocationFailsTheStartUpNamingTheProperty() {
        runner.withPropertyValues("flags.location=classpath:nope.yaml").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("flags.location")
                        .hasStackTraceContaining("nope.yaml"));
    }

    @Test
    void anUnsupportedLocationFailsTheStartUp() {
        runner.withPropertyValues("flags.location=https://flags.internal/flags.yaml").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("unsupported location")
                        .hasStackTraceContaining("flags.remote.url"));
    }

    @Test
    void noDocumentAtAllFailsTheStartUp() {
        runner.withPropertyValues("flags.location=").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("no flag document configured"));
    }

    @Test
    void followsAFileLocation(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("flags.yaml"), "flags: { from-file: { enabled: true } }");
        runner.withPropertyValues("flags.location=file:" + file).run(context -> {
            FeatureFlags flags = context.getBean(FeatureFlags.class);
            assertThat(flags.status().sources()).extracting(FlagsStatus.SourceStatus::name)
                    .containsExactly("file:" + file.toAbsolutePath());
            assertThat(flags.isEnabled("from-file", FlagContext.anonymous())).isTrue();
        });
    }

    @Test
    void followsARemoteStoreAboveTheLocalDocument() throws IOException {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer store = store(authorization);
        try {
            String url = url(store);
            runner.withPropertyValues("flags.remote.url=" + url, "flags.remote.token=t0ken").run(context -> {
                FeatureFlags flags = context.getBean(FeatureFlags.class);
                assertThat(flags.status().sources()).extracting(FlagsStatus.SourceStatus::name)
                        .containsExactly("classpath:flags.yaml", url);
                assertThat(flags.isEnabled("beta-page", FlagContext.anonymous())).isTrue();
                assertThat(flags.isEnabled("new-checkout", FlagContext.anonymous())).isTrue();
                assertThat(authorization.get()).isEqualTo("Bearer t0ken");
            });
        } finally {
            store.stop(0);
        }
    }

    @Test
    void skipsAMissingDefaultDocumentWhenFollowingARemoteStore() throws IOException {
        HttpServer store = store(new AtomicReference<>());
        try {
            runner.withClassLoader(new FilteredClassLoader(new ClassPathResource("flags.yaml")))
                    .withPropertyValues("flags.remote.url=" + url(store)).run(context ->
                            assertThat(context.getBean(FeatureFlags.class).status().sources())
                                    .extracting(FlagsStatus.SourceStatus::name).containsExactly(url(store)));
        } finally {
            store.stop(0);
        }
    }

    @Test
    void aMissingDefaultDocumentWithoutARemoteStoreFailsTheStartUp() {
        runner.withClassLoader(new FilteredClassLoader(new ClassPathResource("flags.yaml"))).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining(
                        "flags.location: no classpath resource 'flags.yaml' (classpath:flags.yaml)"));
    }

    @Test
    void aRemoteUrlWithoutFlagsRemoteFailsTheStartUp() {
        runner.withClassLoader(new FilteredClassLoader(HttpFlagSource.class))
                .withPropertyValues("flags.remote.url=http://127.0.0.1:9/flags")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("dev.flags:flags-remote is not on the classpath"));
    }

    @Test
    void anInvalidRemoteUrlFailsTheStartUpNamingTheProperty() {
        runner.withPropertyValues("flags.remote.url=ftp://flags.internal/flags").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("flags.remote")
                        .hasStackTraceContaining("http or https"));
    }

    @Test
    void answersFlagDisabledExceptionInServletApplicationsOnly() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(FlagDisabledExceptionResolver.class));
        runner.run(context -> assertThat(context).doesNotHaveBean(FlagDisabledExceptionResolver.class));
    }

    @Test
    void tracksServerErrorsInServletApplicationsUnlessSwitchedOff() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class));
        web.run(context -> assertThat(context).hasSingleBean(ServerErrorTrackingFilter.class)
                .hasSingleBean(ErrorTracking.class));
        web.withPropertyValues("flags.guards.track-server-errors=false").run(context ->
                assertThat(context).doesNotHaveBean(ServerErrorTrackingFilter.class)
                        .hasSingleBean(ErrorTracking.class));
        runner.run(context -> assertThat(context).doesNotHaveBean(ServerErrorTrackingFilter.class));
    }

    @Test
    void anInvalidDisabledStatusFailsTheStartUp() {
        runner.withPropertyValues("flags.web.disabled-status=42").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("flags.web.disabled-status"));
    }

    /** A flag store on the loopback interface that turns beta-page on and remembers the Authorization header. */
    private static HttpServer store(AtomicReference<String> authorization) throws IOException {
        HttpServer store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        store.createContext("/flags", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"revision\": 3, \"flags\": {\"beta-page\": {\"enabled\": true}}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("ETag", "\"3\"");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        store.start();
        return store;
    }

    private static String url(HttpServer store) {
        return "http://127.0.0.1:" + store.getAddress().getPort() + "/flags";
    }

    @Test
    void customizersAddToTheAutoConfiguredClientInTheirOrder() {
        runner.withUserConfiguration(Customizers.class).withPropertyValues("flags.overrides.new-checkout=off")
                .run(context -> {
                    FeatureFlags flags = context.getBean(FeatureFlags.class);
                    assertThat(flags.getString("layered", FlagContext.anonymous(), "none")).isEqualTo("second");
                    assertThat(flags.isEnabled("new-checkout", FlagContext.anonymous())).isFalse();
                    assertThat(flags.status().sources()).extracting(FlagsStatus.SourceStatus::name)
                            .containsExactly("classpath:flags.yaml", "first", "second");
                    assertThat(context.getBean(Customizers.class).observed).contains("layered");
                });
    }

    @Test
    void aCustomizerMayBeTheOnlyThingThatAddsFlags() {
        runner.withPropertyValues("flags.location=").withBean(FeatureFlagsBuilderCustomizer.class,
                () -> builder -> builder.source(FlagSources.inMemory("flags: { only: {} }")))
                .run(context -> assertThat(context.getBean(FeatureFlags.class)
                        .isEnabled("only", FlagContext.anonymous())).isTrue());
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        final java.util.List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Bean
        @org.springframework.core.annotation.Order(2)
        FeatureFlagsBuilderCustomizer second() {
            return builder -> builder.source(named("second",
                    "flags: { layered: { variants: { v: second }, default: { serve: v } } }"));
        }

        @Bean
        @org.springframework.core.annotation.Order(1)
        FeatureFlagsBuilderCustomizer first() {
            return builder -> builder.source(named("first",
                    "flags: { layered: { variants: { v: first }, default: { serve: v } } }"))
                    .observer(new dev.flags.FlagObserver() {
                        @Override
                        public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
                            observed.add(evaluation.flagKey());
                        }
                    });
        }
    }

    private static dev.flags.InMemoryFlagSource named(String name, String document) {
        dev.flags.InMemoryFlagSource source = new dev.flags.InMemoryFlagSource(name);
        source.update(document);
        return source;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        @Bean
        FeatureFlags ownFlags() {
            return FeatureFlags.builder().source(FlagSources.inMemory("flags: { own: { enabled: true } }")).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnResolver {
        @Bean
        FlagContextResolver ownResolver() {
            return () -> FlagContext.of("own");
        }
    }
}
