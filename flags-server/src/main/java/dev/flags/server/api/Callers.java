package dev.flags.server.api;

import dev.flags.server.auth.Caller;
import jakarta.servlet.http.HttpServletRequest;

final class Callers {
    private Callers() {
    }

    /** The caller the authentication filter found. */
    static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(Caller.ATTRIBUTE);
    }
}
