package dev.flags;

import dev.flags.internal.DocumentCompiler;
import java.util.List;
import java.util.Objects;

/** Checks flag documents without loading them, for build steps and editors. */
public final class FlagDocuments {

    /**
     * The classpath location of the document's JSON Schema (draft 2020-12), for editors: point a YAML or JSON
     * file's {@code $schema} (or the editor's schema mapping) at it.
     */
    public static final String SCHEMA_RESOURCE = "/dev/flags/flags.schema.json";

    private FlagDocuments() {
    }

    /**
     * Every problem of a document, JSON or YAML, each naming the flag and field (or the line of a syntax error);
     * empty when the document is valid.
     */
    public static List<String> validate(String document) {
        return DocumentCompiler.validate(Objects.requireNonNull(document, "document"));
    }
}
