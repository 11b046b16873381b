package dev.flags.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The curl commands of the README's "Run it", in their order, against the shop: each answers what its comment
 * says (a 404 where it says 404, the JSON it shows, a success otherwise), so the README cannot drift.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadmeCurlIT {

    private static final Pattern OPTION = Pattern.compile("-u (\\w+):\\w+|-H '([^:]+): ([^']+)'|-d '([^']+)'"
            + "|-X (\\w+)|-i|'?localhost:8080([^'\\s]*)'?");

    @LocalServerPort
    int port;

    @Test
    void everyCommandAnswersWhatItsCommentSays() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String block = readme.substring(readme.indexOf("## Run it"), readme.indexOf("## Against a remote store"));
        List<String> commands = block.lines().filter(line -> line.startsWith("curl ")).toList();
        ShopHttp http = new ShopHttp(port);

        assertThat(commands).hasSizeGreaterThan(10).allSatisfy(command -> {
            String call = command.contains(" # ") ? command.substring(0, command.indexOf(" # ")) : command;
            String comment = command.contains(" # ") ? command.substring(command.indexOf(" # ") + 3).strip() : "";
            List<String> headers = new ArrayList<>();
            String user = null;
            String body = null;
            String method = "GET";
            String path = null;
            Matcher option = OPTION.matcher(call);
            while (option.find()) {
                if (option.group(1) != null) {
                    user = option.group(1);
                } else if (option.group(2) != null) {
                    headers.add(option.group(2));
                    headers.add(option.group(3));
                } else if (option.group(4) != null) {
                    body = option.group(4);
                    method = "POST";
                } else if (option.group(5) != null) {
                    method = option.group(5);
                } else if (option.group(6) != null) {
                    path = option.group(6);
                }
            }
            if (user != null) {
                headers.addAll(List.of(ShopHttp.as(user)));
            }
            String[] given = headers.toArray(String[]::new);
            HttpResponse<String> response = switch (method) {
                case "POST" -> http.post(path, body, given);
                case "DELETE" -> http.delete(path, given);
                default -> http.get(path, given);
            };
            if (comment.contains("404")) {
                assertThat(response.statusCode()).as(command).isEqualTo(404);
            } else {
                assertThat(response.statusCode()).as(command).isBetween(200, 299);
            }
            if (comment.startsWith("{")) {
                assertThat(response.body()).as(command).isEqualTo(comment);
            }
        });
    }
}
