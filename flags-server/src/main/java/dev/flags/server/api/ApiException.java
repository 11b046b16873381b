package dev.flags.server.api;

import java.util.Map;

/** A client error answered as problem details; {@code properties} become members of the problem. */
public final class ApiException extends RuntimeException {

    final int status;
    final String title;
    final Map<String, Object> properties;

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public ApiException(int status, String title, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.properties = properties;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail);
    }

    static ApiException invalid(String flag, String field, String message) {
        java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("flag", flag);
        error.put("field", field);
        error.put("message", message);
        return new ApiException(422, "Unprocessable Content", message, Map.of("errors", java.util.List.of(error)));
    }
}
