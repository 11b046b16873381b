package dev.flags.spring.internal;

import dev.flags.FeatureFlags;
import dev.flags.FlagSource;
import dev.flags.FlagSources;
import dev.flags.Overrides;
import dev.flags.spring.FlagsProperties;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.util.ClassUtils;

/**
 * Builds the {@link FeatureFlags} client that the {@code flags.*} properties describe, once per application
 * context: {@code @ConditionalOnFlag} (evaluated before any bean exists) and the auto-configured bean share it,
 * so both read the same documents and a remote store is fetched once.
 */
public final class FlagsClients {

    private static final Logger log = LoggerFactory.getLogger(FlagsClients.class);

    /** The name under which the shared client's holder is registered as a singleton. */
    static final String HOLDER_NAME = "dev.flags.spring.internal.FlagsClients.shared";

    private static final String REMOTE_SOURCE_CLASS = "dev.flags.remote.HttpFlagSource";

    private FlagsClients() {
    }

    /**
     * The client of this bean factory's application context, built on first use. Closed when the context
     * closes, whether or not it became the {@code FeatureFlags} bean.
     */
    public static FeatureFlags shared(BeanFactory beanFactory, FlagsProperties properties) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory factory)) {
            return build(properties, FlagsClients.class.getClassLoader());
        }
        synchronized (factory.getSingletonMutex()) {
            if (factory.containsSingleton(HOLDER_NAME)) {
                return ((Holder) factory.getSingleton(HOLDER_NAME)).flags;
            }
            ClassLoader classLoader = factory.getBeanClassLoader() == null ? FlagsClients.class.getClassLoader()
                    : factory.getBeanClassLoader();
            Holder holder = new Holder(build(properties, classLoader));
            factory.registerSingleton(HOLDER_NAME, holder);
            if (factory instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean(HOLDER_NAME, holder);
            }
            return holder.flags;
        }
    }

    /**
     * Builds a client from the properties; fails with a message naming the property when they are wrong.
     *
     * @param classLoader the application's class loader, which tells whether flags-remote is there
     */
    public static FeatureFlags build(FlagsProperties properties, ClassLoader classLoader) {
        FeatureFlags.Builder builder = FeatureFlags.builder();
        int sources = 0;
        FlagSource local = localSource(properties, classLoader);
        if (local != null) {
            builder.source(local);
            sources++;
        }
        if (properties.remote().isConfigured()) {
            builder.source(remoteSource(properties, classLoader));
            sources++;
        }
        if (sources == 0) {
            throw new IllegalStateException("flags: no flag document configured: flags.location is blank and "
                    + "flags.remote.url is not set");
        }
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

    private static FlagSource remoteSource(FlagsProperties properties, ClassLoader classLoader) {
        if (!ClassUtils.isPresent(REMOTE_SOURCE_CLASS, classLoader)) {
            throw new IllegalStateException("flags.remote.url is set but dev.flags:flags-remote is not on the "
                    + "classpath; add it as a dependency");
        }
        return RemoteSources.create(properties.remote(), properties.startupWait());
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

    /** Owns the shared client: closes it with the application context. */
    private static final class Holder implements DisposableBean {
        private final FeatureFlags flags;

        private Holder(FeatureFlags flags) {
            this.flags = flags;
        }

        @Override
        public void destroy() {
            flags.close();
        }
    }
}
