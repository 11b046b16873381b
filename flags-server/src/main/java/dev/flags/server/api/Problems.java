package dev.flags.server.api;

import dev.flags.server.store.Definitions;
import dev.flags.server.store.StoreException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.TransactionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json} (RFC 9457) with {@code status}, {@code title}, {@code detail},
 * and {@code errors: [{flag, field, message}]} for validation failures.
 */
@RestControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return problem(e.status, e.title, e.getMessage(), e.properties);
    }

    @ExceptionHandler(StoreException.class)
    ResponseEntity<ProblemDetail> store(StoreException e) {
        if (e instanceof StoreException.UnknownEnvironment || e instanceof StoreException.NotFound) {
            return problem(404, "Not Found", e.getMessage(), Map.of());
        }
        if (e instanceof StoreException.VersionMismatch mismatch) {
            Map<String, Object> current = null;
            if (mismatch.definition != null) {
                current = new LinkedHashMap<>();
                current.put("key", mismatch.key);
                current.put("version", mismatch.version);
                current.put("definition", mismatch.definition);
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("current", current);
            return problem(412, "Precondition Failed", e.getMessage(), properties);
        }
        if (e instanceof StoreException.Invalid invalid) {
            return problem(422, "Unprocessable Content", e.getMessage(), Map.of("errors", errors(invalid.errors)));
        }
        if (e instanceof StoreException.TooLarge) {
            return problem(413, "Content Too Large", e.getMessage(), Map.of());
        }
        ResponseEntity<ProblemDetail> unavailable = problem(503, "Service Unavailable", e.getMessage(), Map.of());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "5").body(unavailable.getBody());
    }

    /** The database is down (token writes, or anything the store did not translate): nothing was written. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> database(RuntimeException e) {
        return store(new StoreException.Unavailable("the database cannot be reached, nothing was written ("
                + e.getClass().getSimpleName() + "); try again shortly"));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        LOG.error("Unexpected failure", e);
        return problem(500, "Internal Server Error", "the server failed; nothing was written", Map.of());
    }

    static List<Map<String, Object>> errors(List<Definitions.FieldError> errors) {
        return errors.stream().map(error -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("flag", error.flag());
            entry.put("field", error.field());
            entry.put("message", error.message());
            return entry;
        }).toList();
    }

    static ResponseEntity<ProblemDetail> problem(int status, String title, String detail,
            Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** Writes a problem from outside Spring MVC (the authentication filter). */
    public static void write(HttpServletResponse response, int status, String title, String detail, String instance)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", instance);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(Definitions.writeBytes(problem));
    }
}
