package dev.flags.server.api;

import dev.flags.server.FlagServerProperties;
import dev.flags.server.store.Definitions;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads request bodies: JSON only (415), at most {@code flags.server.max-body} bytes (413, without reading past
 * the limit), well-formed (400), an object with only the members the route knows (422).
 */
@Component
class Bodies {

    private final long maxBody;

    Bodies(FlagServerProperties properties) {
        this.maxBody = properties.maxBody().toBytes();
    }

    /** A 415 unless the request's Content-Type, when it has one, is JSON ({@code application/json} or {@code +json}). */
    static void requireJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return;
        }
        MediaType mediaType;
        try {
            mediaType = MediaType.parseMediaType(type);
        } catch (RuntimeException e) {
            throw new ApiException(415, "Unsupported Media Type", "the Content-Type is not a media type");
        }
        if (!mediaType.isCompatibleWith(MediaType.APPLICATION_JSON) && !mediaType.getSubtype().endsWith("+json")) {
            throw new ApiException(415, "Unsupported Media Type", "the body must be application/json, not "
                    + mediaType.getType() + "/" + mediaType.getSubtype());
        }
    }

    /** The body as an object, or null when there is none and {@code required} is false. */
    ObjectNode read(HttpServletRequest request, boolean required, Set<String> members) {
        byte[] bytes = bytes(request);
        if (bytes.length == 0 || isBlank(bytes)) {
            if (required) {
                throw ApiException.badRequest("this request needs a JSON body");
            }
            return null;
        }
        requireJson(request);
        JsonNode node;
        try {
            node = Definitions.parse(bytes);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the body is not well-formed JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the body is not well-formed JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalid(null, null, "the body must be a JSON object");
        }
        for (String name : object.propertyNames()) {
            if (!members.contains(name)) {
                throw ApiException.invalid(null, name, "unknown member '" + name + "'; this request takes "
                        + members);
            }
        }
        return object;
    }

    /** An optional string member of at most {@code max} characters. */
    static String text(ObjectNode body, String member, int max) {
        JsonNode node = body == null ? null : body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiException.invalid(null, member, "'" + member + "' must be a string");
        }
        if (node.stringValue().length() > max) {
            throw ApiException.invalid(null, member, "'" + member + "' is longer than " + max + " characters");
        }
        return node.stringValue();
    }

    private byte[] bytes(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length > maxBody) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(maxBody + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBody) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read: " + e.getMessage());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "Content Too Large", "the body is larger than " + maxBody
                + " bytes (flags.server.max-body)");
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
