package dev.flags.server.api;

import dev.flags.server.store.Snapshot;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A rendered document as an HTTP answer: {@code ETag: "N"} ({@code W/"N"} gzipped), 304, gzip when accepted. */
final class Documents {

    private Documents() {
    }

    static ResponseEntity<byte[]> answer(Snapshot snapshot, String ifNoneMatch, String acceptEncoding) {
        String strong = "\"" + snapshot.revision() + "\"";
        boolean gzip = acceptsGzip(acceptEncoding);
        String etag = gzip ? "W/" + strong : strong;
        if (matches(ifNoneMatch, strong)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING).build();
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING).cacheControl(CacheControl.noCache())
                .contentType(MediaType.APPLICATION_JSON);
        return gzip ? answer.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(snapshot.gzip())
                : answer.body(snapshot.json());
    }

    /** True when {@code If-None-Match} lists the revision, strong or weak, or is {@code *}. */
    static boolean matches(String ifNoneMatch, String strong) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.startsWith("W/")) {
                trimmed = trimmed.substring(2);
            }
            if (trimmed.equals(strong) || trimmed.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].trim().replace(" ", "");
                    if (parameter.equals("q=0") || parameter.matches("q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
