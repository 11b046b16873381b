package dev.flags;

import dev.flags.internal.DocumentCompiler;
import dev.flags.internal.DocumentWriter;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import java.util.List;
import java.util.Objects;

/**
 * Reads, checks and writes flag documents (JSON or YAML, see the flags-core README) without loading them into a
 * client: for build steps, editors, a flag server or a command line. A document read here is checked exactly as a
 * client checks it.
 *
 * <pre>{@code
 * FlagDocument document = FlagDocuments.parse(text);            // throws InvalidFlagDocumentException
 * FlagDocument next = document.withFlag("new-checkout",
 *         document.flag("new-checkout").orElseThrow().killed());
 * List<DocumentProblem> problems = FlagDocuments.problems(next); // empty: valid
 * String json = FlagDocuments.toJson(next);                      // parse(json) equals next
 * }</pre>
 */
public final class FlagDocuments {

    /**
     * The classpath location of the document's JSON Schema (draft 2020-12), for editors: point a YAML or JSON
     * file's {@code $schema} (or the editor's schema mapping) at it.
     */
    public static final String SCHEMA_RESOURCE = "/dev/flags/flags.schema.json";

    private static final String ORIGIN = "given to FlagDocuments.parse";

    private FlagDocuments() {
    }

    /**
     * Every problem of a document, JSON or YAML, each naming the flag and field (or the line of a syntax error);
     * empty when the document is valid.
     *
     * @see #problems(String) the same problems in parts
     */
    public static List<String> validate(String document) {
        return problems(document).stream().map(DocumentProblem::toString).toList();
    }

    /** Every problem of a document, JSON or YAML; empty when it is valid. Never throws for any text. */
    public static List<DocumentProblem> problems(String document) {
        return DocumentCompiler.validate(Objects.requireNonNull(document, "document"));
    }

    /** Every problem of a model, as a client would find them in the document it writes; empty when it is valid. */
    public static List<DocumentProblem> problems(FlagDocument document) {
        return DocumentCompiler.validate(Objects.requireNonNull(document, "document"));
    }

    /**
     * The model of a valid document, JSON or YAML. A {@code $schema} field is accepted and not kept.
     *
     * @throws InvalidFlagDocumentException listing every problem, when the document is invalid
     */
    public static FlagDocument parse(String document) {
        return DocumentCompiler.parse(Objects.requireNonNull(document, "document"), ORIGIN);
    }

    /**
     * One flag's definition, JSON or YAML: the object that stands under {@code flags.<key>}. Checked for its shape
     * only (field types, required and unknown fields); what it refers to (its variants, segments, prerequisites)
     * is checked with the document that holds it: {@code problems(document.withFlag(key, flag))}.
     *
     * @throws InvalidFlagDocumentException listing every problem of its shape
     */
    public static FlagDefinition parseFlag(String key, String definition) {
        Objects.requireNonNull(key, "key");
        return DocumentCompiler.parseFlag(key, Objects.requireNonNull(definition, "definition"), "flag " + key);
    }

    /**
     * The document as canonical JSON: the same model always gives the same text, flags and segments sorted by key,
     * {@code revision} first when set. {@link #parse} of it gives an equal model.
     */
    public static String toJson(FlagDocument document) {
        return DocumentWriter.json(Objects.requireNonNull(document, "document"));
    }

    /** The document as canonical YAML, as {@link #toJson(FlagDocument)} writes JSON. */
    public static String toYaml(FlagDocument document) {
        return DocumentWriter.yaml(Objects.requireNonNull(document, "document"));
    }

    /** One flag's definition as canonical JSON: the object that stands under {@code flags.<key>}. */
    public static String toJson(FlagDefinition flag) {
        return DocumentWriter.json(Objects.requireNonNull(flag, "flag"));
    }
}
