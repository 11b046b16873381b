package dev.flags.examples.openfeature;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The quickstart's flags through the OpenFeature API: the application codes against OpenFeature's {@link Client}
 * only, and {@link FlagsProvider} answers with this library's engine. It prints what each user gets and why, then
 * sets a local override and prints the {@code PROVIDER_CONFIGURATION_CHANGED} event that follows.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dflags.main=dev.flags.examples.openfeature.OpenFeatureExample
 * </pre>
 */
public final class OpenFeatureExample {

    static final List<String> FLAGS = List.of("new-checkout", "dark-mode", "payments-v2", "button-color");

    static final List<EvaluationContext> USERS = List.of(
            user("alice", "NL", "2.4.1", "alice@mail.test"),
            user("bob", "DE", "2.4.1", "bob@mail.test"),
            user("carol", "BE", "2.1.0", "carol@example.com"),
            user("dave", "US", "3.0.0", "dave@mail.test"));

    private OpenFeatureExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    static void run(PrintStream out) throws InterruptedException {
        FeatureFlags flags = FeatureFlags.builder().source(FlagSources.classpath("quickstart/flags.yaml")).build();
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        try {
            api.setProviderAndWait(new FlagsProvider(flags));       // waits until the flags are loaded
            Client client = api.getClient("openfeature-example");
            out.println(report(client));

            CountDownLatch changed = new CountDownLatch(1);
            client.onProviderConfigurationChanged(event -> {
                out.println("PROVIDER_CONFIGURATION_CHANGED " + event.getFlagsChanged());
                changed.countDown();
            });
            flags.overrides().set("dark-mode", "on");               // any change of flags is an event
            if (changed.await(5, TimeUnit.SECONDS)) {
                out.println("dark-mode for dave now: " + describe(client, "dark-mode", USERS.get(3)));
            }
        } finally {
            api.shutdown();                                          // shuts the provider down...
            flags.close();                                           // ...which leaves the flags to their owner
        }
    }

    /** One line per user: each flag's value, variant and reason, as OpenFeature reports them. */
    static String report(Client client) {
        StringBuilder text = new StringBuilder(String.format("%-6s", "user"));
        FLAGS.forEach(flag -> text.append(String.format(" %-34s", flag)));
        for (EvaluationContext user : USERS) {
            text.append('\n').append(String.format("%-6s", user.getTargetingKey()));
            for (String flag : FLAGS) {
                text.append(String.format(" %-34s", describe(client, flag, user)));
            }
        }
        return text.toString().lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
    }

    private static String describe(Client client, String flag, EvaluationContext user) {
        FlagEvaluationDetails<Value> details = client.getObjectDetails(flag, new Value("-"), user);
        return details.getValue().asObject() + " (" + details.getVariant() + ", " + details.getReason() + ")";
    }

    private static EvaluationContext user(String key, String country, String appVersion, String email) {
        return new ImmutableContext(key, Map.of(
                "country", new Value(country),
                "appVersion", new Value(appVersion),
                "email", new Value(email)));
    }
}
