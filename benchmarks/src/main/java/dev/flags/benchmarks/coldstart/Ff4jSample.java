package dev.flags.benchmarks.coldstart;

import dev.flags.benchmarks.peers.CountryOrStickyRolloutStrategy;
import dev.flags.benchmarks.peers.StickyRolloutStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ff4j.FF4j;
import org.ff4j.conf.XmlParser;
import org.ff4j.core.FlippingExecutionContext;

/** FF4J on its XML file and in-memory store, as {@code Ff4jScenarios} is set up. */
final class Ff4jSample implements FirstEvaluation.Sample {

    private final Path document;
    private FF4j ff4j;

    Ff4jSample(Path document) {
        this.document = document;
    }

    @Override
    public void firstEvaluation() throws IOException {
        try (InputStream in = Files.newInputStream(document)) {
            ff4j = new FF4j(new XmlParser(), in);
        }
        ff4j.audit(false);
        FlippingExecutionContext context = new FlippingExecutionContext();
        context.putString(StickyRolloutStrategy.USER_ID, "user-42");
        context.putString(CountryOrStickyRolloutStrategy.PARAM_COUNTRY, "DE");
        ff4j.check("flag-0", context);
    }

    @Override
    public void check(int flags) {
        if (ff4j.getFeatures().size() != flags) {
            throw new IllegalStateException("FF4J holds " + ff4j.getFeatures().size() + " features");
        }
    }

    @Override
    public void close() {
        ff4j.stop();
    }
}
