package dev.flags.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.server.store.Edit.State;
import dev.flags.server.store.FlagEdits.Precondition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class FlagEditsTest {

    private static ObjectNode json(String text) {
        return (ObjectNode) Definitions.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static State state(String flags, Map<String, Long> versions) {
        return new State(7, json("{\"flags\": " + flags + "}"), versions);
    }

    @Test
    void aKillOfAKilledFlagChangesNothingWhateverTheVersion() {
        State killed = state("{\"a\": {\"enabled\": false}}", Map.of("a", 3L));
        assertThat(FlagEdits.enabled("a", false).propose(killed).document().at("/flags/a"))
                .isEqualTo(killed.document().at("/flags/a"));
        assertThat(FlagEdits.enabled("a", true).propose(killed).document().at("/flags/a/enabled").booleanValue())
                .isTrue();
    }

    @Test
    void theGuardKillsOnlyTheVersionItJudgedAndOnlyOnce() {
        State live = state("{\"a\": {\"description\": \"x\"}}", Map.of("a", 3L));
        assertThat(FlagEdits.guardKill("a", 3).propose(live).document().at("/flags/a/enabled").booleanValue())
                .isFalse();
        assertThat(FlagEdits.guardKill("a", 3).propose(live).action()).isEqualTo("kill");
        assertThat(FlagEdits.guardKill("a", 2).propose(live)).isNull();
        assertThat(FlagEdits.guardKill("gone", 3).propose(live)).isNull();
        State killed = state("{\"a\": {\"enabled\": false}}", Map.of("a", 3L));
        assertThat(FlagEdits.guardKill("a", 3).propose(killed)).isNull();
    }

    @Test
    void aStaleIfMatchCarriesTheCurrentFlag() {
        State current = state("{\"a\": {\"description\": \"now\"}}", Map.of("a", 5L));
        assertThatThrownBy(() -> FlagEdits.put("a", json("{}"), new Precondition.At(4L)).propose(current))
                .isInstanceOfSatisfying(StoreException.VersionMismatch.class, e -> {
                    assertThat(e.version).isEqualTo(5L);
                    assertThat(e.definition.get("description").stringValue()).isEqualTo("now");
                });
        assertThatThrownBy(() -> FlagEdits.put("a", json("{}"), new Precondition.Absent()).propose(current))
                .isInstanceOf(StoreException.VersionMismatch.class);
        assertThat(FlagEdits.put("a", json("{}"), new Precondition.At(5L)).propose(current).action())
                .isEqualTo("update");
    }

    @Test
    void aRolloutKeepsByOfADefaultRollout() {
        State current = state("{\"a\": {\"default\": {\"rollout\": {\"on\": 1, \"off\": 99}, \"by\": \"userId\"}}}",
                Map.of("a", 1L));
        ObjectNode after = FlagEdits.rollout("a", new BigDecimal("12.5")).propose(current).document();
        assertThat(after.at("/flags/a/default/by").stringValue()).isEqualTo("userId");
        assertThat(after.at("/flags/a/default/rollout/on").doubleValue()).isEqualTo(12.5);
        assertThat(after.at("/flags/a/default/rollout/off").doubleValue()).isEqualTo(87.5);
    }

    @Test
    void aRolloutNeedsABooleanFlagAndAPercentInRange() {
        State current = state("{\"a\": {\"variants\": {\"x\": 1, \"y\": 2}}, \"b\": {}}", Map.of());
        assertThatThrownBy(() -> FlagEdits.rollout("a", BigDecimal.TEN).propose(current))
                .isInstanceOf(StoreException.Invalid.class);
        assertThatThrownBy(() -> FlagEdits.rollout("b", new BigDecimal("100.5")).propose(current))
                .isInstanceOf(StoreException.Invalid.class);
        assertThatThrownBy(() -> FlagEdits.rollout("b", new BigDecimal("1.0001")).propose(current))
                .isInstanceOf(StoreException.Invalid.class);
    }

    @Test
    void validationNamesFlagAndFieldEvenForKeysWithDots() {
        var errors = Definitions.validate(json("{\"flags\": {\"a.b\": {\"enabled\": \"yes\"}}}"));
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.flag()).isEqualTo("a.b");
            assertThat(error.field()).isEqualTo("enabled");
        });
    }

    @Test
    void theCanonicalDocumentSortsFlagsButKeepsEachDefinitionsOrder() {
        ObjectNode document = json("{\"flags\": {\"b\": {\"default\": {\"rollout\": {\"on\": 10, \"off\": 90}}},"
                + " \"a\": {}}}");
        assertThat(Definitions.write(Definitions.canonical(document, 3L))).isEqualTo(
                "{\"revision\":3,\"flags\":{\"a\":{},\"b\":{\"default\":{\"rollout\":{\"on\":10,\"off\":90}}}}}");
    }
}
