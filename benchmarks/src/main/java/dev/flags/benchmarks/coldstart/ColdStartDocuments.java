package dev.flags.benchmarks.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The documents of a cold-start sample, written once per run: N flags, each on in the Netherlands and elsewhere
 * for a sticky 10% (the {@code nl-or-10} scenario), in each library's own format. Togglz has no document format;
 * its sample builds the same N features in code.
 */
final class ColdStartDocuments {

    private ColdStartDocuments() {
    }

    static String flagsJson(int flags) {
        return "flags-" + flags + ".json";
    }

    static String flagsYaml(int flags) {
        return "flags-" + flags + ".yaml";
    }

    static String launchDarkly(int flags) {
        return "launchdarkly-" + flags + ".json";
    }

    static String ff4j(int flags) {
        return "ff4j-" + flags + ".xml";
    }

    static void write(Path directory, int flags) throws IOException {
        StringBuilder json = new StringBuilder("{\"flags\": {");
        StringBuilder yaml = new StringBuilder("flags:\n");
        StringBuilder launchDarkly = new StringBuilder("{\"flags\": {");
        StringBuilder ff4j = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<ff4j>\n  <features>\n");
        for (int i = 0; i < flags; i++) {
            String key = "flag-" + i;
            String comma = i == 0 ? "" : ",";
            json.append(comma).append("\n  \"").append(key).append("\": {\"rules\": [{\"when\": [{\"attribute\": "
                    + "\"country\", \"op\": \"in\", \"values\": [\"NL\"]}], \"serve\": \"on\"}], \"default\": "
                    + "{\"rollout\": {\"on\": 10, \"off\": 90}}}");
            yaml.append("  ").append(key).append(":\n    rules:\n      - when: [{attribute: country, op: in, "
                    + "values: [NL]}]\n        serve: on\n    default:\n      rollout: {on: 10, off: 90}\n");
            launchDarkly.append(comma).append("\n  \"").append(key).append("\": {\"key\": \"").append(key)
                    .append("\", \"version\": 1, \"on\": true, \"salt\": \"").append(key).append("\", "
                    + "\"variations\": [true, false], \"offVariation\": 1, \"fallthrough\": {\"rollout\": "
                    + "{\"variations\": [{\"variation\": 0, \"weight\": 10000}, {\"variation\": 1, \"weight\": "
                    + "90000}]}}, \"targets\": [], \"rules\": [{\"id\": \"dutch-users\", \"clauses\": "
                    + "[{\"contextKind\": \"user\", \"attribute\": \"country\", \"op\": \"in\", \"values\": "
                    + "[\"NL\"], \"negate\": false}], \"variation\": 0}], \"prerequisites\": []}");
            ff4j.append("    <feature uid=\"").append(key).append("\" enable=\"true\">\n      <flipstrategy "
                    + "class=\"dev.flags.benchmarks.peers.CountryOrStickyRolloutStrategy\">\n        <param "
                    + "name=\"country\" value=\"NL\"/>\n        <param name=\"percent\" value=\"10\"/>\n      "
                    + "</flipstrategy>\n    </feature>\n");
        }
        Files.writeString(directory.resolve(flagsJson(flags)), json.append("\n}}\n"));
        Files.writeString(directory.resolve(flagsYaml(flags)), yaml);
        Files.writeString(directory.resolve(launchDarkly(flags)), launchDarkly.append("\n}}\n"));
        Files.writeString(directory.resolve(ff4j(flags)), ff4j.append("  </features>\n</ff4j>\n"));
    }
}
