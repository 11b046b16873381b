package dev.flags.cli.internal;

import java.math.BigDecimal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Serves `on` to PERCENT of users by default (a boolean flag's default becomes "
                + "rollout: {on: PERCENT, off: 100 - PERCENT}); raising it keeps everyone who had it.")
final class RolloutCommand extends WriteCommand {

    @Parameters(index = "0", paramLabel = "KEY", description = "The flag.")
    String key;

    @Parameters(index = "1", paramLabel = "PERCENT", description = "0 to 100, up to three decimals.")
    BigDecimal percent;

    @Override
    public Integer call() {
        return written(server().post(write(flagPath(key) + "/rollout"), body().put("percent", percent)),
                "rolled " + key + " out to " + percent.stripTrailingZeros().toPlainString() + " %");
    }
}
