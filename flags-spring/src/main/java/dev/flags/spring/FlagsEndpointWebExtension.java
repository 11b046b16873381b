package dev.flags.spring;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP answer of {@link FlagsEndpoint}'s override write: a refused write is a {@code 404} (no such flag) or a
 * {@code 400} (a variant the flag lacks, {@code {"kill": false}}, a kill that is not the boolean {@code true}),
 * with the reason in the body as {@code {"key": ..., "error": ...}}, where the actuator's own answer would be a bare
 * status.
 */
@EndpointWebExtension(endpoint = FlagsEndpoint.class)
public final class FlagsEndpointWebExtension {

    private final FlagsEndpoint endpoint;

    public FlagsEndpointWebExtension(FlagsEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** {@link FlagsEndpoint#override}, answering a refusal with its reason. */
    @WriteOperation
    public WebEndpointResponse<Object> override(@Selector String key, @Nullable String variant,
            @Nullable String kill, SecurityContext security) {
        try {
            return new WebEndpointResponse<>(endpoint.override(key, variant, kill, security));
        } catch (InvalidEndpointRequestException e) {
            int status = e instanceof FlagsEndpoint.UnknownFlagException ? WebEndpointResponse.STATUS_NOT_FOUND
                    : WebEndpointResponse.STATUS_BAD_REQUEST;
            return new WebEndpointResponse<>(new Refusal(key, e.getReason()), status);
        }
    }

    /**
     * Why a write was refused.
     *
     * @param key   the flag key of the request
     * @param error what was wrong, for a person
     */
    public record Refusal(String key, String error) {
    }
}
