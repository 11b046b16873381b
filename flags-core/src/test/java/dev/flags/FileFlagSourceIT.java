package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FlagsStatus.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FlagSources#file} on real files: hot reload, a file that goes missing, is renamed over, caught
 * half-written, made invalid or was never there, and the change events its edits cause.
 */
class FileFlagSourceIT {

    private static final Duration CHECK = Duration.ofMillis(100);
    private static final FlagContext USER = FlagContext.of("user-1");

    private static final String BLUE = """
            revision: 1
            flags:
              new-checkout: { enabled: true }
              button-color:
                variants: { blue: blue, green: green }
                default: { serve: blue }
            """;

    private static final String GREEN = """
            revision: 2
            flags:
              new-checkout: { enabled: true }
              button-color:
                variants: { blue: blue, green: green }
                default: { serve: green }
            """;

    @TempDir
    Path dir;

    private Path file;
    private final List<FeatureFlags> clients = new ArrayList<>();
    private final List<FlagChangeEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void locateFile() {
        file = dir.resolve("flags.yaml");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(FeatureFlags::close);
    }

    private FeatureFlags client() {
        FeatureFlags flags = FeatureFlags.builder().source(FlagSources.file(file, CHECK)).build();
        clients.add(flags);
        return flags;
    }

    private FeatureFlags listeningClient() {
        FeatureFlags flags = client();
        flags.onChange(events::add);
        return flags;
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
    }

    private void write(String text) throws IOException {
        Files.writeString(file, text);
    }

    private String filePath() {
        return file.toAbsolutePath().normalize().toString();
    }

    private static String color(FeatureFlags flags) {
        return flags.getString("button-color", USER, "none");
    }

    @Test
    void theFirstDocumentIsLoadedBeforeBuildReturns() throws IOException {
        write(BLUE);

        FeatureFlags flags = client();

        assertThat(flags.status().state()).isEqualTo(State.READY);
        assertThat(flags.status().revision()).isEqualTo(1L);
        assertThat(color(flags)).isEqualTo("blue");
    }

    @Test
    void anEditApplies() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();

        write(GREEN);

        eventually().untilAsserted(() -> assertThat(color(flags)).isEqualTo("green"));
        assertThat(flags.status().revision()).isEqualTo(2L);
    }

    @Test
    void aMissingFileKeepsTheLastGoodFlagsAndMakesTheClientStaleNamingTheFile() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();

        Files.delete(file);

        eventually().untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.STALE));
        assertThat(flags.status().lastError()).contains(filePath());
        assertThat(flags.evaluateString("button-color", USER, "none").value()).isEqualTo("blue");
    }

    @Test
    void aFileThatReturnsWithTheSameDocumentRecoversToReady() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();
        Files.delete(file);
        eventually().untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.STALE));

        write(BLUE);

        eventually().untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.READY));
        assertThat(flags.status().lastError()).isNull();
        assertThat(color(flags)).isEqualTo("blue");
    }

    @Test
    void aFileThatReturnsWithANewDocumentAppliesIt() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();
        Files.delete(file);
        eventually().untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.STALE));

        write(GREEN);

        eventually().untilAsserted(() -> {
            assertThat(color(flags)).isEqualTo("green");
            assertThat(flags.status().state()).isEqualTo(State.READY);
        });
    }

    @Test
    void aFileReplacedByAnAtomicRenameApplies() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();

        Path temporary = dir.resolve("flags.yaml.tmp");
        Files.writeString(temporary, GREEN);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        eventually().untilAsserted(() -> assertThat(color(flags)).isEqualTo("green"));
        assertThat(flags.status().state()).isEqualTo(State.READY);
    }

    @Test
    void aHalfWrittenFileChangesNothingUntilTheWholeDocumentLands() throws IOException {
        file = dir.resolve("flags.json");
        String before = """
                {"revision": 1, "flags": {"button-color": {"variants": {"blue": "blue"}, "default": {"serve": "blue"}}}}
                """;
        String after = """
                {"revision": 2, "flags": {
                  "button-color": {"variants": {"blue": "blue", "green": "green"}, "default": {"serve": "green"}},
                  "new-checkout": {"enabled": true},
                  "sample-ratio": {"variants": {"low": 0.1, "high": 0.9}, "default": {"serve": "high"}}
                }}
                """;
        Files.writeString(file, before);
        FeatureFlags flags = listeningClient();
        byte[] bytes = after.getBytes(StandardCharsets.UTF_8);
        int half = bytes.length / 2;
        assertThat(before.length()).as("the first half overwrites the whole old document").isLessThan(half);

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes, 0, half));
            channel.force(true);
            eventually().untilAsserted(() -> assertThat(flags.status().lastError()).contains("rejected"));
            assertThat(color(flags)).isEqualTo("blue");
            assertThat(events).isEmpty();

            channel.write(ByteBuffer.wrap(bytes, half, bytes.length - half));
        }

        eventually().untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.READY));
        assertThat(flags.status().revision()).isEqualTo(2L);
        assertThat(flags.flagKeys()).containsOnlyKeys("button-color", "new-checkout", "sample-ratio");
        eventually().untilAsserted(() -> assertThat(events).extracting(FlagChangeEvent::flagKeys)
                .containsExactly(Set.of("button-color", "new-checkout", "sample-ratio")));
    }

    @Test
    void anInvalidEditKeepsTheLastGoodFlagsAndStatusNamesTheProblem() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();

        write(BLUE.replace("new-checkout: { enabled: true }", "new-checkout: { enabled: maybe }"));

        eventually().untilAsserted(() -> {
            assertThat(flags.status().state()).isEqualTo(State.STALE);
            assertThat(flags.status().lastError()).contains("flags.new-checkout.enabled");
        });
        assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
        assertThat(flags.status().revision()).isEqualTo(1L);
    }

    @Test
    void undoingAnInvalidEditRecoversToReady() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();
        write(BLUE.replace("new-checkout: { enabled: true }", "new-checkout: { enabled: maybe }"));
        eventually().untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.STALE));

        write(BLUE);

        eventually().untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.READY));
        assertThat(flags.status().lastError()).isNull();
    }

    @Test
    void aFileMissingAtStartLeavesTheClientInitializingWithDefaults() {
        FeatureFlags flags = client();

        Evaluation<String> evaluation = flags.evaluateString("button-color", USER, "none");
        assertThat(flags.status().state()).isEqualTo(State.INITIALIZING);
        assertThat(flags.status().lastError()).contains(filePath());
        assertThat(evaluation.value()).isEqualTo("none");
        assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
    }

    @Test
    void aFileMissingAtStartIsLoadedWhenItAppears() throws IOException {
        FeatureFlags flags = client();

        write(BLUE);

        eventually().untilAsserted(() -> {
            assertThat(flags.status().state()).isEqualTo(State.READY);
            assertThat(color(flags)).isEqualTo("blue");
        });
    }

    @Test
    void bytesThatAreNotUtf8AreRejected() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();

        Files.write(file, GREEN.replace("green: green", "green: gr\u00fcn").getBytes(StandardCharsets.ISO_8859_1));

        eventually().untilAsserted(() -> {
            assertThat(flags.status().state()).isEqualTo(State.STALE);
            assertThat(flags.status().lastError()).contains("UTF-8", filePath());
        });
        assertThat(color(flags)).isEqualTo("blue");
    }

    @Test
    void editingOneOfThreeFlagsReportsOnlyThatKey() throws IOException {
        write(THREE_FLAGS);
        FeatureFlags flags = listeningClient();

        write(THREE_FLAGS.replace("b: { default: { serve: on } }", "b: { default: { serve: off } }"));

        eventually().untilAsserted(() -> assertThat(events).isNotEmpty());
        assertThat(events).extracting(FlagChangeEvent::flagKeys).containsExactly(Set.of("b"));
        assertThat(flags.isEnabled("b", USER)).isFalse();
    }

    @Test
    void touchingTheFileWithoutChangingItReportsNothing() throws IOException {
        write(THREE_FLAGS);
        listeningClient();

        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2_000));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(events::isEmpty);
        write(THREE_FLAGS.replace("b: { default: { serve: on } }", "b: { default: { serve: off } }"));

        eventually().untilAsserted(() -> assertThat(events).isNotEmpty());
        assertThat(events).extracting(FlagChangeEvent::flagKeys).containsExactly(Set.of("b"));
    }

    @Test
    void changingASegmentReportsTheFlagsThatUseIt() throws IOException {
        write(THREE_FLAGS);
        FeatureFlags flags = listeningClient();

        write(THREE_FLAGS.replace("include: [user-1]", "include: [user-1, user-2]"));

        eventually().untilAsserted(() -> assertThat(events).isNotEmpty());
        assertThat(events).extracting(FlagChangeEvent::flagKeys).containsExactly(Set.of("a", "c"));
        assertThat(flags.isEnabled("a", FlagContext.of("user-2"))).isTrue();
    }

    private static final String THREE_FLAGS = """
            segments:
              beta: { include: [user-1] }
            flags:
              a:
                rules: [ { when: [ { op: inSegment, values: [beta] } ], serve: on } ]
                default: { serve: off }
              b: { default: { serve: on } }
              c:
                rules: [ { when: [ { op: inSegment, values: [beta] } ], serve: off } ]
            """;

    @Test
    void aListenerThatThrowsAnErrorNeitherStopsTheFileBeingFollowedNorTheOtherListeners() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();
        flags.onChange(event -> {
            throw new AssertionError("listener bug");
        });
        flags.onChange(events::add);

        write(GREEN);
        eventually().until(() -> color(flags).equals("green"));
        write(BLUE.replace("revision: 1", "revision: 3"));

        eventually().untilAsserted(() -> {
            assertThat(color(flags)).isEqualTo("blue");
            assertThat(events).extracting(FlagChangeEvent::revision).containsExactly(2L, 3L);
        });
        assertThat(flags.status().state()).isEqualTo(State.READY);
    }

    @Test
    void aDocumentThatOverflowsTheStackIsRejectedAndLaterEditsStillApply() throws IOException {
        write(BLUE);
        FeatureFlags flags = client();

        write(prerequisiteChain(5_000));
        eventually().untilAsserted(() -> {
            assertThat(flags.status().state()).isEqualTo(State.STALE);
            assertThat(flags.status().lastError()).contains("rejected");
        });
        write(GREEN);

        eventually().until(() -> color(flags).equals("green"));
        assertThat(flags.status().state()).isEqualTo(State.READY);
    }

    /** f0 requires f1, which requires f2... : a chain deep enough to overflow a recursive check. */
    private static String prerequisiteChain(int length) {
        StringBuilder json = new StringBuilder("{ \"revision\": 9, \"flags\": {");
        for (int i = 0; i < length; i++) {
            json.append(i == 0 ? "" : ",").append("\n \"f").append(i).append("\": { ");
            if (i + 1 < length) {
                json.append("\"prerequisites\": [ { \"flag\": \"f").append(i + 1).append("\", \"variant\": \"on\" } ]");
            }
            json.append(" }");
        }
        return json.append("\n} }").toString();
    }
}
