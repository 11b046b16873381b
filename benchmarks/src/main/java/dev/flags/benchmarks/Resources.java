package dev.flags.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads the flag files under {@code src/main/resources}, for libraries that take text or a file path. */
public final class Resources {

    private Resources() {
    }

    /** The text of a classpath resource. */
    public static String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }

    /** A copy of a classpath resource in a new temporary file, for libraries that read only files; delete it after. */
    public static Path copyToTempFile(String resource) throws IOException {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        Path file = Files.createTempFile("benchmarks-", "-" + name);
        try (InputStream in = open(resource)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = Resources.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("no classpath resource " + resource);
        }
        return in;
    }
}
