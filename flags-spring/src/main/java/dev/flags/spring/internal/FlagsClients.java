package dev.flags.spring.internal;

import dev.flags.FeatureFlags;
import dev.flags.FlagSource;
import dev.flags.FlagSources;
import dev.flags.Overrides;
import dev.flags.spring.FeatureFlagsBuilderCustomizer;
import dev.flags.spring.FlagsProperties;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Builds the {@link FeatureFlags} client that the {@code flags.*} properties describe, once per application
 * context: {@code @ConditionalOnFlag} (evaluated before any bean exists) and the auto-configured bean share it,
 * so both read the same documents and a remote store is fetched once. With {@code FeatureFlagsBuilderCustomizer}s
 * the bean is a client of its own, built after the conditions, and the conditions' client is closed.
 */
public final class FlagsClients {

    private static final Logger log = LoggerFactory.getLogger(FlagsClients.class);

    /** The name under which the shared client's holder is registered as a singleton. */
    static final String HOLDER_NAME = "dev.flags.spring.internal.FlagsClients.shared";

    private static final String REMOTE_SOURCE_CLASS = "dev.flags.remote.HttpFlagSource";

    private FlagsClients() {
    }

    /**
     * The client of this bean factory's application context, built on first use from the properties alone.
     * Closed when the context closes, whether or not it became the {@code FeatureFlags} bean.
     */
    public static FeatureFlags shared(BeanFactory beanFactory, FlagsProperties properties) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory factory)) {
            return build(properties, null, FlagsClients.class.getClassLoader(), List.of());
        }
        return holder(factory).flags(() -> build(properties, applicationName(factory), classLoader(factory),
                List.of()));
    }

    /**
     * The client of the auto-configured {@code FeatureFlags} bean: the shared one when no customizer is given;
     * otherwise a client of its own with the customizers applied, and the shared one (which only
     * {@code @ConditionalOnFlag} may have built) is closed, so one client follows the sources.
     */
    public static FeatureFlags forBean(BeanFactory beanFactory, FlagsProperties properties,
            List<FeatureFlagsBuilderCustomizer> customizers) {
        if (customizers.isEmpty()) {
            return shared(beanFactory, properties);
        }
        if (!(beanFactory instanceof ConfigurableListableBeanFactory factory)) {
            return build(properties, null, FlagsClients.class.getClassLoader(), customizers);
        }
        FeatureFlags flags = build(properties, applicationName(factory), classLoader(factory), customizers);
        holder(factory).destroy();
        return flags;
    }

    /** {@code spring.application.name}, from the context's environment; null when unset. */
    private static @Nullable String applicationName(ConfigurableListableBeanFactory factory) {
        String name = ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME;
        return factory.containsBean(name) && factory.getBean(name) instanceof Environment environment
                ? environment.getProperty("spring.application.name") : null;
    }

    private static ClassLoader classLoader(ConfigurableListableBeanFactory factory) {
        return factory.getBeanClassLoader() == null ? FlagsClients.class.getClassLoader()
                : factory.getBeanClassLoader();
    }

    /** The context's holder, registered by whichever thread comes first. */
    private static Holder holder(ConfigurableListableBeanFactory factory) {
        if (factory.containsSingleton(HOLDER_NAME)) {
            return (Holder) factory.getSingleton(HOLDER_NAME);
        }
        Holder holder = new Holder();
        try {
            factory.registerSingleton(HOLDER_NAME, holder);
        } catch (IllegalStateException registeredMeanwhile) {
            return (Holder) factory.getSingleton(HOLDER_NAME);
        }
        if (factory instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean(HOLDER_NAME, holder);
        }
        return holder;
    }

    /**
     * Builds a client from the properties and the customizers; fails with a message naming the property when they
     * are wrong.
     *
     * @param applicationName {@code spring.application.name}, the default app name of usage reports, or null
     * @param classLoader     the application's class loader, which tells whether flags-remote is there
     * @param customizers     applied in order, after the properties' sources are added
     */
    public static FeatureFlags build(FlagsProperties properties, @Nullable String applicationName,
            ClassLoader classLoader, List<FeatureFlagsBuilderCustomizer> customizers) {
        FeatureFlags.Builder builder = FeatureFlags.builder();
        int sources = 0;
        FlagSource local = localSource(properties, classLoader);
        if (local != null) {
            builder.source(local);
            sources++;
        }
        if (properties.remote().isConfigured()) {
            builder.source(remoteSource(properties, applicationName, classLoader));
            sources++;
        }
        if (sources == 0 && customizers.isEmpty()) {
            throw new IllegalStateException("flags: no flag document configured: flags.location is blank and "
                    + "flags.remote.url is not set (nor does a FeatureFlagsBuilderCustomizer add a source or store)");
        }
        customizers.forEach(customizer -> customizer.customize(builder));
        FeatureFlags flags = builder.build();
        try {
            applyOverrides(flags.overrides(), properties.overrides());
        } catch (RuntimeException e) {
            flags.close();
            throw e;
        }
        log.info("Feature flags: {}", flags.status());
        return flags;
    }

    private static FlagSource localSource(FlagsProperties properties, ClassLoader classLoader) {
        String location = properties.location().trim();
        if (location.isEmpty()) {
            return null;
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            return FlagSources.file(filePath(location));
        }
        if (lower.contains(":") && !lower.startsWith("classpath:")) {
            throw new IllegalStateException("flags.location: unsupported location '" + location
                    + "'; use classpath: or file: (for a remote flag store, set flags.remote.url)");
        }
        String resource = lower.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        resource = resource.startsWith("/") ? resource.substring(1) : resource;
        if (classLoader.getResource(resource) == null) {
            if (location.equals(FlagsProperties.DEFAULT_LOCATION) && properties.remote().isConfigured()) {
                log.debug("No {}: following the remote flag store alone", location);
                return null;
            }
            throw new IllegalStateException("flags.location: no classpath resource '" + resource + "' ("
                    + location + "); add the document, point flags.location at it, or set flags.remote.url");
        }
        return FlagSources.classpath(resource);
    }

    private static Path filePath(String location) {
        try {
            if (location.regionMatches(true, 0, "file://", 0, 7)) {
                return Path.of(URI.create(location));
            }
            return Path.of(location.substring("file:".length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("flags.location: not a file path: '" + location + "'", e);
        }
    }

    private static FlagSource remoteSource(FlagsProperties properties, @Nullable String applicationName,
            ClassLoader classLoader) {
        if (!ClassUtils.isPresent(REMOTE_SOURCE_CLASS, classLoader)) {
            throw new IllegalStateException("flags.remote.url is set but dev.flags:flags-remote is not on the "
                    + "classpath; add it as a dependency");
        }
        return RemoteSources.create(properties.remote(), properties.startupWait(), applicationName);
    }

    private static void applyOverrides(Overrides overrides, Map<String, String> wanted) {
        wanted.forEach((key, variant) -> {
            try {
                if (Overrides.KILLED.equals(variant)) {
                    overrides.kill(key);
                } else {
                    overrides.set(key, variant);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("flags.overrides." + key + "=" + variant + ": " + e.getMessage(), e);
            }
        });
    }

    /** Owns the shared client, built on first use: closes it with the application context. */
    private static final class Holder implements DisposableBean {
        private FeatureFlags flags;
        private boolean closed;

        synchronized FeatureFlags flags(Supplier<FeatureFlags> build) {
            if (closed) {
                throw new IllegalStateException("the shared flags client of this application context is closed");
            }
            if (flags == null) {
                flags = build.get();
            }
            return flags;
        }

        @Override
        public synchronized void destroy() {
            closed = true;
            if (flags != null) {
                flags.close();
            }
        }
    }
}
