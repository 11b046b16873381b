/**
 * What a flag document says, as immutable values: a {@link dev.flags.model.FlagDocument} of
 * {@link dev.flags.model.FlagDefinition}s and {@link dev.flags.model.Segment}s, for tools that read, change and
 * write flags (a flag server, a command line, importers). Build them in code or read them with
 * {@link dev.flags.FlagDocuments#parse}; write them with {@link dev.flags.FlagDocuments#toJson} or
 * {@link dev.flags.FlagDocuments#toYaml}.
 *
 * <p>A value of this package holds what a document can spell, not necessarily a valid document: a rule may serve
 * a variant the flag lacks. {@link dev.flags.FlagDocuments#problems(FlagDocument)} checks a model as a client would;
 * {@code parse} only ever returns valid ones. Equal values mean equal behaviour for evaluation, which is how a
 * client tells which flags a new document changed.
 *
 * <pre>{@code
 * FlagDocument document = FlagDocument.empty()
 *         .withFlag("new-checkout", FlagDefinition.on())
 *         .withFlag("button-color", FlagDefinition.builder()
 *                 .variant("red", "#f00").variant("blue", "#00f")
 *                 .rule(Rule.when(Condition.of("country", "in", "NL", "BE")).serve("blue"))
 *                 .defaultServe(ServeBlock.serve("red"))
 *                 .build());
 * FlagDocument killed = document.withFlag("new-checkout", document.flag("new-checkout").orElseThrow().killed());
 * }</pre>
 */
@NullMarked
package dev.flags.model;

import org.jspecify.annotations.NullMarked;
