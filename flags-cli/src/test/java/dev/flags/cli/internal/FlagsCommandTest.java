package dev.flags.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which command a command line names, so that only that one is built, and the help that still lists them all. */
class FlagsCommandTest {

    @Test
    void theCommandIsTheFirstArgumentThatIsNoRootOptionNorItsValue() {
        assertThat(FlagsCommand.commandName("kill", "new-checkout")).isEqualTo("kill");
        assertThat(FlagsCommand.commandName("--env", "kill", "list")).isEqualTo("list");
        assertThat(FlagsCommand.commandName("-e", "staging", "--url", "http://x", "--token-file", "t", "get", "k"))
                .isEqualTo("get");
        assertThat(FlagsCommand.commandName("--url=http://x", "-estaging", "--env=kill", "history"))
                .isEqualTo("history");
    }

    @Test
    void theRootsHelpOrVersionOrAnUnknownOptionNamesNoCommand() {
        assertThat(FlagsCommand.commandName()).isNull();
        assertThat(FlagsCommand.commandName("--help", "kill")).isNull();
        assertThat(FlagsCommand.commandName("-hV", "kill")).isNull();
        assertThat(FlagsCommand.commandName("--colour", "kill")).isNull();
    }

    @Test
    void theRootsHelpListsEveryCommandEvenWithOneNamedAfterIt() {
        StringWriter out = new StringWriter();

        int code = FlagsCommand.execute(Map.of(), false, new PrintWriter(out), new PrintWriter(new StringWriter()),
                "--help", "kill");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("  list ", "  kill ", "  validate ", "  tokens ", "  explain ",
                "  generate-completion ");
    }

    @Test
    void aMisspelledCommandIsAnsweredWithTheNearestOnes() {
        StringWriter err = new StringWriter();

        int code = FlagsCommand.execute(Map.of(), false, new PrintWriter(new StringWriter()), new PrintWriter(err),
                "kil", "new-checkout");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("kill");
    }
}
