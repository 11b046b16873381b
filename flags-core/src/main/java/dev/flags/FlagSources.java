package dev.flags;

import dev.flags.internal.ClasspathFlagSource;
import dev.flags.internal.FileFlagSource;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The flag sources that ship with the core: a classpath resource, a file followed live, and memory. */
public final class FlagSources {

    /** How often a file source checks its file when the file system reports nothing. */
    public static final Duration DEFAULT_FILE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private FlagSources() {
    }

    /**
     * A document bundled with the application, read once at start.
     *
     * @param resource the resource's path, such as {@code flags.yaml} (a leading {@code /} is ignored)
     * @throws IllegalArgumentException when no such resource exists, so a typo fails at start-up
     */
    public static FlagSource classpath(String resource) {
        Objects.requireNonNull(resource, "resource");
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        @Nullable URL url = loader == null ? null : loader.getResource(path);
        if (url == null) {
            url = FlagSources.class.getClassLoader().getResource(path);
        }
        if (url == null) {
            throw new IllegalArgumentException("no classpath resource '" + path + "'");
        }
        return new ClasspathFlagSource("classpath:" + path, url);
    }

    /**
     * A document in a file, followed live: edits apply within about a second (at once where the file system
     * reports changes). The file may be briefly missing, replaced by a rename, or caught half-written: an
     * unreadable or invalid version is rejected and the last good flags stay in force. Write files atomically
     * (to a temporary file, then rename) for the cleanest switch-over.
     */
    public static FlagSource file(Path path) {
        return file(path, DEFAULT_FILE_CHECK_INTERVAL);
    }

    /** A file source that checks the file at least this often. */
    public static FlagSource file(Path path, Duration checkInterval) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive, not " + checkInterval);
        }
        return new FileFlagSource(path, checkInterval);
    }

    /** A source held in memory, for tests: starts with this document and changes with {@link InMemoryFlagSource#update}. */
    public static InMemoryFlagSource inMemory(String document) {
        InMemoryFlagSource source = new InMemoryFlagSource("memory");
        source.update(document);
        return source;
    }
}
