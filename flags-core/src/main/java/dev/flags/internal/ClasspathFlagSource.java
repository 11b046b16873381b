package dev.flags.internal;

import dev.flags.FlagSource;
import dev.flags.InvalidFlagDocumentException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** A document bundled with the application: read once, at start. */
public final class ClasspathFlagSource implements FlagSource {

    private final String name;
    private final URL url;

    public ClasspathFlagSource(String name, URL url) {
        this.name = name;
        this.url = url;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Listener listener) {
        String text;
        try (InputStream in = url.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            listener.onFailure("cannot read " + name + ": " + e.getMessage(), e);
            return;
        }
        try {
            listener.onDocument(text);
        } catch (InvalidFlagDocumentException e) {
            // Logged and reported in status by the client.
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "ClasspathFlagSource[" + name + "]";
    }
}
