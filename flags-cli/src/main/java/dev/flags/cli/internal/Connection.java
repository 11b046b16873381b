package dev.flags.cli.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the server is, which token to show it and which environment to work on: options, else the environment. */
final class Connection {

    static final String DEFAULT_URL = "http://localhost:8080";
    static final String DEFAULT_ENV = "production";

    @Option(names = "--url", paramLabel = "URL",
            description = "The server (default: $FLAGS_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The token (default: $FLAGS_TOKEN). Prefer FLAGS_TOKEN or --token-file: other users of "
                    + "the machine can read a command line.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the token (default: $FLAGS_TOKEN_FILE).")
    Path tokenFile;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV",
            description = "The environment (default: $FLAGS_ENV, else " + DEFAULT_ENV + ").")
    String env;

    /** These options, each one not given taken from {@code other}. */
    Connection or(Connection other) {
        Connection merged = new Connection();
        merged.url = url != null ? url : other.url;
        merged.token = token != null ? token : other.token;
        merged.tokenFile = tokenFile != null ? tokenFile : other.tokenFile;
        merged.env = env != null ? env : other.env;
        return merged;
    }

    String environment(Context context) {
        return first(env, context.env("FLAGS_ENV"), DEFAULT_ENV);
    }

    ServerClient client(Context context) {
        String base = first(url, context.env("FLAGS_URL"), DEFAULT_URL);
        URI uri;
        try {
            uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw CliException.error("error: --url is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw CliException.error("error: --url must be an http:// or https:// URL with a host, not " + base);
        }
        String secret = token(context);
        if (secret != null && !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Said without the token: an HTTP header cannot carry it, and the JDK's message might show it.
            throw CliException.error("error: the token holds a space, a line break or a character outside ASCII;"
                    + " check FLAGS_TOKEN, the token file or --token");
        }
        return new ServerClient(uri, secret);
    }

    private String token(Context context) {
        if (token != null) {
            return token;
        }
        Path file = tokenFile != null ? tokenFile
                : context.env("FLAGS_TOKEN_FILE") != null ? Path.of(context.env("FLAGS_TOKEN_FILE")) : null;
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw CliException.error("error: cannot read the token file " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return context.env("FLAGS_TOKEN");
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
