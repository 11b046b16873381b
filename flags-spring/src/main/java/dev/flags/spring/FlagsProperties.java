package dev.flags.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code flags.*} properties.
 *
 * <pre>{@code
 * flags.location=classpath:flags.yaml
 * flags.remote.url=https://flags.internal/v1/flags
 * flags.remote.token=${FLAGS_TOKEN}
 * flags.overrides.new-checkout=off
 * }</pre>
 *
 * @param location    Where the local flag document is: "classpath:flags.yaml" (the default), another
 *                    "classpath:" resource, or a "file:" path, which is followed live (edits apply within about a
 *                    second). Blank for none. With a remote store it is the bootstrap layer below the store; a
 *                    missing default "classpath:flags.yaml" is then skipped.
 * @param remote      The remote flag store, followed over HTTP (needs dev.flags:flags-remote).
 * @param startupWait How long start-up waits for the remote store's first document before it goes on with the
 *                    backup file, the local document or the callers' defaults. Unset: flags-remote's default,
 *                    HttpFlagSource.Builder.DEFAULT_STARTUP_WAIT (5 seconds).
 * @param overrides   Local overrides, flag key to variant name, that beat every source (for a developer machine
 *                    or an emergency). "<killed>" serves the flag's off variant. Keys with "." need brackets:
 *                    flags.overrides[checkout.v2]=on.
 * @param context     How the default FlagContextResolver builds the context of a request.
 * @param web         Spring MVC integration.
 * @param health      The "flags" health contributor.
 * @param guards      What the application tracks by itself for the flags' release guards.
 */
@ConfigurationProperties("flags")
public record FlagsProperties(
        @DefaultValue(DEFAULT_LOCATION) String location,
        @DefaultValue Remote remote,
        @Nullable Duration startupWait,
        Map<String, String> overrides,
        @DefaultValue Context context,
        @DefaultValue Web web,
        @DefaultValue Health health,
        @DefaultValue Guards guards) {

    /** The default {@link #location()}. */
    public static final String DEFAULT_LOCATION = "classpath:flags.yaml";

    public FlagsProperties {
        overrides = copy(overrides);
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(guards, "guards");
    }

    /**
     * The remote flag store ({@code flags.remote.*}).
     *
     * @param url          The URL of the remote flag store (GET answers the whole document with an ETag or a
     *                     Last-Modified date). Unset: no remote store.
     * @param token        Bearer token sent to the store. Never logged.
     * @param pollInterval How often to poll the store (jittered by 20%); polls are skipped while the event stream
     *                     is healthy. Unset: flags-remote's default, HttpFlagSource.Builder.DEFAULT_POLL_INTERVAL
     *                     (30 seconds).
     * @param streaming    Whether to follow the store's server-sent-events stream ({url}/stream) for changes within
     *                     about a second.
     * @param backupFile   Where to keep the last good document, served at start-up when the store cannot be
     *                     reached.
     * @param headers      Extra request headers, such as an API key header. Values are never logged.
     * @param usage        Usage reporting to the flag server, for its fleet-wide release guards and its stale-flag
     *                     report.
     */
    public record Remote(
            URI url,
            String token,
            @Nullable Duration pollInterval,
            @DefaultValue("false") boolean streaming,
            Path backupFile,
            Map<String, String> headers,
            @DefaultValue Usage usage) {

        public Remote {
            headers = copy(headers);
            Objects.requireNonNull(usage, "usage");
        }


        /** Whether a remote store is configured. */
        public boolean isConfigured() {
            return url != null && !url.toString().isBlank();
        }

        @Override
        public String toString() {
            return "Remote[url=" + shown(url) + ", token=" + (token == null ? null : "<redacted>") + ", pollInterval="
                    + pollInterval + ", streaming=" + streaming + ", backupFile=" + backupFile + ", headers="
                    + headers.keySet() + ", usage=" + usage + "]";
        }

        /**
         * The URL built from its scheme, host, port and path: no user info, query or fragment, which may carry
         * a key. (flags-remote shows its URL the same way, but that module is optional here.)
         */
        private static String shown(URI url) {
            if (url == null) {
                return null;
            }
            StringBuilder text = new StringBuilder();
            if (url.getScheme() != null) {
                text.append(url.getScheme()).append(':');
            }
            if (url.getHost() != null) {
                text.append("//").append(url.getHost());
                if (url.getPort() >= 0) {
                    text.append(':').append(url.getPort());
                }
            }
            return text.append(url.getRawPath() == null ? "" : url.getRawPath()).toString();
        }
    }

    /**
     * Usage reporting to the flag server ({@code flags.remote.usage.*}): each interval, how often each flag served
     * each variant and the events tracked against it, never a user key or an attribute value. The server sums the
     * fleet's counts to trip release guards fleet-wide and to list stale flags. Needs {@code flags.remote.url} to be
     * a flag server's document URL ({@code .../v1/envs/{env}/document}).
     *
     * @param enabled  Whether to report usage to the flag server. Off by default: it sends counts out of the
     *                 process and counts every evaluation of every flag while on.
     * @param interval How often to report. Unset: flags-remote's default,
     *                 HttpFlagSource.Builder.DEFAULT_USAGE_INTERVAL (10 seconds).
     * @param app      The application's name in the reports, so that the server can tell which application
     *                 evaluates a flag; at most 200 characters. Unset: spring.application.name, when set.
     */
    public record Usage(
            @DefaultValue("false") boolean enabled,
            @Nullable Duration interval,
            @Nullable String app) {
    }

    /**
     * How the default {@link FlagContextResolver} builds a request's context ({@code flags.context.*}).
     *
     * @param header            The request header holding the targeting key when no principal is logged in.
     * @param principal         Whether the authenticated principal's name (Spring Security) is the targeting key
     *                          when someone is logged in.
     * @param headerAttributes  Context attributes read from request headers: attribute name to header name.
     * @param requestAttributes Context attributes read from servlet request attributes (set by filters or
     *                          interceptors): context attribute name to request attribute name.
     */
    public record Context(
            @DefaultValue("X-User-Id") String header,
            @DefaultValue("true") boolean principal,
            Map<String, String> headerAttributes,
            Map<String, String> requestAttributes) {

        public Context {
            headerAttributes = copy(headerAttributes);
            requestAttributes = copy(requestAttributes);
        }
    }

    /**
     * Spring MVC integration ({@code flags.web.*}).
     *
     * @param disabledStatus The HTTP status Spring MVC answers a FlagDisabledException with.
     */
    public record Web(@DefaultValue("404") int disabledStatus) {

        public Web {
            if (disabledStatus < 100 || disabledStatus > 599) {
                throw new IllegalArgumentException(
                        "flags.web.disabled-status must be an HTTP status (100 to 599), not " + disabledStatus);
            }
        }
    }

    /**
     * The health contributor ({@code flags.health.*}).
     *
     * @param staleStatus The health status reported while flags are stale (a source is failing and the last good
     *                    document is served): UP (with a "stale" detail), OUT_OF_SERVICE, DOWN or a status of
     *                    your own.
     */
    public record Health(@DefaultValue("UP") String staleStatus) {
    }

    /**
     * What the application tracks by itself for the flags' release guards ({@code flags.guards.*}): the event
     * {@value #ERROR_EVENT}, which a flag's {@code guard: {event: error, ...}} watches. Tracked events count only
     * against flags that have a guard on that event.
     *
     * @param trackMethodErrors Whether an exception thrown by a @FlagEnabled method or its fallback is tracked as
     *                          the event "error" for the context the flag was evaluated with (and rethrown
     *                          unchanged).
     * @param trackServerErrors Whether a request that evaluated a guarded flag and then ended in a 5xx status (or an
     *                          exception the server answers with a 500) is tracked as the event "error" for the
     *                          context of its first evaluation. Servlet applications; once per request.
     */
    public record Guards(
            @DefaultValue("true") boolean trackMethodErrors,
            @DefaultValue("true") boolean trackServerErrors) {

        /** The event tracked for a failure. */
        public static final String ERROR_EVENT = "error";
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
