package dev.flags.test;

import dev.flags.test.DeclaredFlags.Setting;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/** One invocation of a {@link VaryFlags} method: each varied flag on or off. */
final class FlagCombination implements TestTemplateInvocationContext {

    static final int MAX_FLAGS = 10;

    /** Flag key to on (true) or off, in the order {@link VaryFlags} names them. */
    private final Map<String, Boolean> values;
    private final String declaration;

    private FlagCombination(Map<String, Boolean> values, String declaration) {
        this.values = values;
        this.declaration = declaration;
    }

    /**
     * Every combination of the flags, all on first and all off last, the first flag varying slowest.
     *
     * @throws ExtensionConfigurationException when the flags are none, too many, repeated, or also set by another
     *                                         annotation on the method
     */
    static List<FlagCombination> of(VaryFlags vary, Method method) {
        String declaration = "@VaryFlags on " + DeclaredFlags.describe(method);
        List<String> flags = checked(vary.value(), declaration);
        Map<String, Setting> alsoSet = DeclaredFlags.settingsOn(method);
        for (String flag : flags) {
            if (alsoSet.containsKey(flag)) {
                throw new ExtensionConfigurationException(declaration + " varies flag '" + flag + "', which "
                        + alsoSet.get(flag).declaration() + " also sets; keep one");
            }
        }
        List<FlagCombination> combinations = new ArrayList<>();
        for (int i = 0; i < 1 << flags.size(); i++) {
            Map<String, Boolean> values = new LinkedHashMap<>();
            for (int bit = 0; bit < flags.size(); bit++) {
                values.put(flags.get(bit), (i & 1 << (flags.size() - 1 - bit)) == 0);
            }
            combinations.add(new FlagCombination(values, declaration));
        }
        return combinations;
    }

    private static List<String> checked(String[] flags, String declaration) {
        if (flags.length == 0) {
            throw new ExtensionConfigurationException(declaration + " names no flag");
        }
        if (flags.length > MAX_FLAGS) {
            throw new ExtensionConfigurationException(declaration + " varies " + flags.length + " flags; at most "
                    + MAX_FLAGS + " (" + (1 << MAX_FLAGS) + " invocations) are allowed");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String flag : flags) {
            if (flag.isBlank()) {
                throw new ExtensionConfigurationException(declaration + " names a blank flag key");
            }
            DeclaredFlags.checkKey(flag, declaration);
            if (!unique.add(flag)) {
                throw new ExtensionConfigurationException(declaration + " names flag '" + flag + "' twice");
            }
        }
        return List.copyOf(unique);
    }

    /** {@code [a=on, b=off]}. */
    @Override
    public String getDisplayName(int invocationIndex) {
        StringJoiner name = new StringJoiner(", ", "[", "]");
        values.forEach((flag, on) -> name.add(flag + "=" + (on ? "on" : "off")));
        return name.toString();
    }

    /** Sets the combination on this invocation's flags, over whatever else the test declares. */
    @Override
    public void prepareInvocation(ExtensionContext context) {
        TestFlags flags = FlagsExtension.flagsFor(context);
        String where = declaration + " " + getDisplayName(0);
        values.forEach((flag, on) -> FlagsExtension.apply(flags, new Setting(flag, on ? "on" : "off", where)));
    }

    @Override
    public String toString() {
        return declaration + " " + getDisplayName(0);
    }
}
