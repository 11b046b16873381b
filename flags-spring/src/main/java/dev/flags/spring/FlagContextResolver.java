package dev.flags.spring;

import dev.flags.FlagContext;

/**
 * Builds the {@link FlagContext} of the current request or task, for {@link FlagEnabled @FlagEnabled} and for
 * application code that evaluates flags itself.
 *
 * <p>The auto-configured resolver takes the targeting key from the authenticated principal's name when Spring
 * Security is present and someone is logged in, else from the request header {@code flags.context.header}
 * (default {@code X-User-Id}); it adds the attributes mapped by {@code flags.context.header-attributes} and
 * {@code flags.context.request-attributes}. Outside a request and without a principal it answers
 * {@link FlagContext#anonymous()}. Define a bean of this type to replace it.
 *
 * <p>Implementations must be thread-safe and must not return null.
 */
@FunctionalInterface
public interface FlagContextResolver {

    /** The context of whoever the current thread works for; never null. */
    FlagContext currentContext();
}
