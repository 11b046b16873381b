package dev.flags.spring;

import java.util.Objects;

/**
 * Thrown by a {@link FlagEnabled @FlagEnabled} method called while its flag is off and no fallback is named.
 * Spring MVC answers it with {@code 404 Not Found} (the status is set by {@code flags.web.disabled-status}); an
 * {@code @ExceptionHandler} of the application takes precedence.
 */
public class FlagDisabledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String flagKey;

    public FlagDisabledException(String flagKey) {
        super("flag '" + Objects.requireNonNull(flagKey, "flagKey") + "' is off");
        this.flagKey = flagKey;
    }

    public FlagDisabledException(String flagKey, String message) {
        super(message);
        this.flagKey = Objects.requireNonNull(flagKey, "flagKey");
    }

    /** The key of the flag that was off. */
    public String getFlagKey() {
        return flagKey;
    }
}
