package dev.flags.test;

import dev.flags.FeatureFlags;
import dev.flags.DocumentProblem;
import dev.flags.FlagDocuments;
import dev.flags.FlagsStatus;
import dev.flags.InMemoryFlagSource;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.model.FlagDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Feature flags for tests: a real {@link FeatureFlags} client on in-memory documents (no files, no threads), and
 * the handle that changes what it serves while a test runs.
 *
 * <pre>{@code
 * TestFlags flags = TestFlags.builder()
 *         .on("new-checkout")
 *         .off("payments")
 *         .variant("button-color", "red", Map.of("blue", "#00f", "red", "#f00"))
 *         .value("rate-limit", 100)
 *         .build();
 * Checkout checkout = new Checkout(flags.client());   // the code under test takes the real client
 *
 * flags.off("new-checkout");                           // the very next evaluation sees it
 * }</pre>
 *
 * <p>The builder writes real flag definitions into a document, so evaluations carry their true details: variant,
 * reason {@code STATIC}, source {@value #SOURCE}. {@link #on}, {@link #off}, {@link #variant} and {@link #kill}
 * force a variant with a local override (reason {@code OVERRIDE}), exactly as {@code client().overrides()} would,
 * and {@link #clear} returns the flag to its definition. {@link #value} replaces a definition.
 *
 * <p>Thread-safe. Each instance is independent of every other: tests running in parallel each use their own.
 * {@link #close()} closes the client (the JUnit {@link FlagsExtension} closes the ones it makes after each test); it
 * holds no thread or file, so a test that forgets to close it does no harm.
 */
public final class TestFlags implements AutoCloseable {

    /** The source name of the flags a builder defines, as {@link dev.flags.Evaluation#source()} reports it. */
    public static final String SOURCE = "test-flags";

    private final FeatureFlags client;
    private final InMemoryFlagSource source;
    /** Guarded by this. */
    private final Definitions definitions;

    private TestFlags(FeatureFlags client, InMemoryFlagSource source, Definitions definitions) {
        this.client = client;
        this.source = source;
        this.definitions = definitions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The client to hand to the code under test. The same instance for the life of this object. */
    public FeatureFlags client() {
        return client;
    }

    /**
     * Serves {@code on} to everyone (a local override). A key no document defines acts as a boolean flag.
     *
     * @throws IllegalArgumentException when the flag is defined without an {@code on} variant
     */
    public TestFlags on(String flagKey) {
        return variant(flagKey, "on");
    }

    /**
     * Serves {@code off} to everyone (a local override). A key no document defines acts as a boolean flag.
     *
     * @throws IllegalArgumentException when the flag is defined without an {@code off} variant
     */
    public TestFlags off(String flagKey) {
        return variant(flagKey, "off");
    }

    /**
     * Serves this variant to everyone (a local override).
     *
     * @throws IllegalArgumentException when the flag has no such variant; the message lists those it has
     */
    public TestFlags variant(String flagKey, String variant) {
        client.overrides().set(flagKey, variant);
        return this;
    }

    /** Serves the flag's off variant to everyone, or the caller's default when it has none: the local kill switch. */
    public TestFlags kill(String flagKey) {
        client.overrides().kill(flagKey);
        return this;
    }

    /** Removes this flag's override: it serves what its definition says again. */
    public TestFlags clear(String flagKey) {
        client.overrides().clear(flagKey);
        return this;
    }

    /**
     * Defines the flag anew with one variant, {@code value}, holding this value (a boolean makes a boolean flag,
     * on or off), and removes its override. The definition beats any document's for the same key.
     *
     * @param value a boolean, string, number, list or map (of the same), as a variant may hold
     * @throws IllegalArgumentException when the value is not one of those
     */
    public synchronized TestFlags value(String flagKey, Object value) {
        FlagDefinition definition = Definitions.value(flagKey, value);
        client.overrides().clear(flagKey);
        definitions.put(flagKey, definition);
        source.update(definitions.document());
        return this;
    }

    /** Closes the client. Evaluation keeps answering from the last flags. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        Map<String, String> overrides = client.overrides().asMap();
        return "TestFlags[" + (overrides.isEmpty() ? "no overrides" : "overrides " + overrides) + ", "
                + client.status() + "]";
    }

    /**
     * Declares the flags of a {@link TestFlags}. Each call is checked at once, with a message naming the flag.
     * Not thread-safe; each {@link #build()} makes an independent instance.
     */
    public static final class Builder {

        private final List<Layer> layers = new ArrayList<>();
        private final Definitions definitions = new Definitions();
        private Clock clock = Clock.systemUTC();

        private record Layer(String origin, String document) {
        }

        private Builder() {
        }

        /** A boolean flag serving {@code on} to everyone. */
        public Builder on(String flagKey) {
            return define(flagKey, Definitions.on(flagKey));
        }

        /** A boolean flag serving {@code off} to everyone. */
        public Builder off(String flagKey) {
            return define(flagKey, Definitions.off(flagKey));
        }

        /**
         * A flag with these variants (name to value), serving {@code variant} to everyone.
         *
         * @throws IllegalArgumentException when {@code variants} has no such variant, or a name or value is invalid
         */
        public Builder variant(String flagKey, String variant, Map<String, ?> variants) {
            return define(flagKey, Definitions.variant(flagKey, variant, variants));
        }

        /**
         * A flag with one variant, {@code value}, holding this value: {@code getLong}, {@code getString}, ... read
         * it. A boolean makes a boolean flag, on or off.
         *
         * @param value a boolean, string, number, list or map (of the same), as a variant may hold
         */
        public Builder value(String flagKey, Object value) {
            return define(flagKey, Definitions.value(flagKey, value));
        }

        /**
         * Adds a whole flag document, YAML or JSON (DESIGN's document format: rules, rollouts, segments, ...).
         * Documents layer in the order added, later ones winning per flag key, and the flags declared with
         * {@link #on}, {@link #off}, {@link #variant} and {@link #value} win over all of them.
         *
         * @throws InvalidFlagDocumentException when the document is invalid, listing every problem
         */
        public Builder document(String document) {
            return layer("memory", Objects.requireNonNull(document, "document"));
        }

        /**
         * Adds a document read from the classpath, as {@link #document(String)} does.
         *
         * @param resource the resource's path, such as {@code flags.yaml} (a leading {@code /} is ignored)
         * @throws IllegalArgumentException     when no such resource exists
         * @throws InvalidFlagDocumentException when the document is invalid, listing every problem
         */
        public Builder resource(String resource) {
            Objects.requireNonNull(resource, "resource");
            String path = resource.startsWith("/") ? resource.substring(1) : resource;
            return layer("classpath:" + path, read(path));
        }

        /** The time for schedules, ramps and {@code before}/{@code after} conditions. Default: the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A new, independent {@link TestFlags}, ready: every flag is defined when this returns. */
        public TestFlags build() {
            FeatureFlags.Builder client = FeatureFlags.builder().clock(clock);
            for (Layer layer : layers) {
                InMemoryFlagSource source = new InMemoryFlagSource(layer.origin);
                source.update(layer.document);
                client.source(source);
            }
            Definitions own = definitions.copy();
            InMemoryFlagSource source = new InMemoryFlagSource(SOURCE);
            source.update(own.document());
            TestFlags flags = new TestFlags(client.source(source).build(), source, own);
            if (flags.client.status().state() != FlagsStatus.State.READY) {
                flags.close();
                throw new IllegalStateException("test flags did not load: " + flags.client.status());
            }
            return flags;
        }

        /** A document from somewhere else (a file), named by its origin in errors and evaluation details. */
        Builder layer(String origin, String document) {
            List<DocumentProblem> problems = FlagDocuments.problems(document);
            if (!problems.isEmpty()) {
                throw new InvalidFlagDocumentException(origin, problems);
            }
            layers.add(new Layer(origin, document));
            return this;
        }

        private Builder define(String flagKey, FlagDefinition definition) {
            if (definitions.contains(flagKey)) {
                throw new IllegalStateException("flag '" + flagKey + "' was already declared");
            }
            definitions.put(flagKey, definition);
            return this;
        }

        private static String read(String path) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            URL url = loader == null ? null : loader.getResource(path);
            if (url == null) {
                url = TestFlags.class.getClassLoader().getResource(path);
            }
            if (url == null) {
                throw new IllegalArgumentException("no classpath resource '" + path + "'");
            }
            try (InputStream in = url.openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read classpath resource '" + path + "'", e);
            }
        }
    }
}
