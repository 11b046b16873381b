package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.remote.HttpFlagSource;
import dev.flags.testsupport.PostgresServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}) against a real server
 * on a random port. With {@code -Dconsole.screenshots=docs/console} they also write the screenshots of
 * {@code docs/console/} (only then, so an ordinary run leaves the work tree clean). Without the browser they are
 * skipped, and fail on CI, where {@code .ci/run} installs it.
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the screenshots go, relative to the repository root ({@code -Dconsole.screenshots=docs/console}); none: not taken. */
    private static final String SCREENSHOTS = System.getProperty("console.screenshots", "");
    private static final FlagContext USER = FlagContext.of("user-42");

    @TempDir
    static Path dataDir;
    static TestServer server;
    static WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (PostgresServer.onCi()) {
            assertThat(present).as("chromium and chromedriver (apt-get install chromium chromium-driver)").isTrue();
        }
        Assumptions.assumeTrue(present, "no /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver");
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        server = TestServer.start(dataDir,
                "--flags.server.console.users.erin.password-hash=" + bcrypt.encode("erin-secret"),
                "--flags.server.console.users.erin.role=editor",
                "--flags.server.console.users.vic.password-hash=" + bcrypt.encode("vic-secret"),
                "--flags.server.console.users.vic.role=viewer",
                "--flags.server.console.users.ada.password-hash=" + bcrypt.encode("ada-secret"),
                "--flags.server.console.users.ada.role=admin");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshSession() {
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(server.uri("/console/login").toString());
        browser.manage().deleteAllCookies();
    }

    @Test
    void anEditorKillsAFlagWithACommentAndAStreamingClientFollows() throws IOException {
        server.create("production", "new-checkout", "{\"description\": \"New checkout flow\", \"enabled\": true,"
                + " \"rules\": [{\"name\": \"dutch users\", \"when\": [{\"attribute\": \"country\", \"op\": \"in\","
                + " \"values\": [\"NL\", \"BE\"]}], \"serve\": \"on\"}], \"default\": {\"rollout\": {\"on\": 30, \"off\": 70}}}");
        server.create("production", "search-v2", "{\"description\": \"Faster search\", \"enabled\": true}");
        try (FeatureFlags client = FeatureFlags.builder().source(HttpFlagSource
                .builder(server.uri("/v1/envs/production/document")).bearerToken(TestServer.ADMIN)
                .pollInterval(Duration.ofHours(1)).streaming(true).build()).build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.isEnabled("search-v2", USER));
            signIn("erin", "erin-secret");
            waitText(By.cssSelector("tr[data-flag='search-v2'] .badge"), "on");
            screenshot("flag-list");

            open("#/production/flags/search-v2");
            click(By.id("kill"));
            WebElement confirm = wait.until(ExpectedConditions.elementToBeClickable(By.id("dialog-confirm")));
            confirm.click();
            // no comment: nothing is sent, the dialog stays and says why until a comment is typed
            waitText(By.id("dialog-error"), "A comment is required.");
            assertThat(browser.findElement(By.id("dialog")).getAttribute("open")).isNotNull();
            browser.findElement(By.id("dialog-comment")).sendKeys("errors at 3 a.m.");
            assertThat(browser.findElement(By.id("dialog-error")).getText()).isEmpty();
            screenshot("kill-dialog");
            confirm.click();

            waitText(By.cssSelector("h1 .badge"), "killed");
            await().atMost(Duration.ofSeconds(20)).until(() -> !client.isEnabled("search-v2", USER));
            JsonNode last = server.get("/v1/envs/production/revisions?flag=search-v2&limit=1").json().get(0);
            assertThat(last.get("action").stringValue()).isEqualTo("kill");
            assertThat(last.get("actor").stringValue()).isEqualTo("erin");
            assertThat(last.get("comment").stringValue()).isEqualTo("errors at 3 a.m.");
            waitText(By.cssSelector("#history tbody tr:first-child"), "errors at 3 a.m.");
            open("#/production/flags/new-checkout");
            waitText(By.cssSelector("h1 .badge"), "rolling out 30%");
            screenshot("flag-page");
        }
    }

    @Test
    void theRolloutSliderRampsABooleanFlag() {
        server.create("production", "ramped", "{\"enabled\": true}");
        signIn("erin", "erin-secret");
        open("#/production/flags/ramped");
        WebElement slider = wait.until(ExpectedConditions.elementToBeClickable(By.id("rollout")));
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = 25; arguments[0].dispatchEvent(new Event('input'));", slider);
        waitText(By.id("rollout-value"), "25%");
        click(By.id("rollout-apply"));
        click(By.id("dialog-confirm"));
        waitText(By.cssSelector("h1 .badge"), "rolling out 25%");
        JsonNode definition = server.get("/v1/envs/production/flags/ramped").json().get("definition");
        assertThat(definition.at("/default/rollout/on").asInt()).isEqualTo(25);
    }

    @Test
    void anInvalidDefinitionShowsTheServersErrorByTheFieldItNames() {
        server.create("production", "edited", "{\"enabled\": true}");
        signIn("erin", "erin-secret");
        open("#/production/flags/edited");
        WebElement editor = wait.until(ExpectedConditions.elementToBeClickable(By.id("definition")));
        setValue(editor, "{\"enabled\": true, \"rules\": [{\"when\": [{\"attribute\": \"country\", \"op\": \"bogus\","
                + " \"values\": [\"NL\"]}], \"serve\": \"on\"}]}");
        // checked as typed, against the JSON Schema in the browser
        WebElement typed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#definition-check li[data-field='rules[0].when[0].op'][data-source='schema']")));
        assertThat(typed.getText()).contains("must be one of eq, neq, in");
        click(By.id("save"));
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#definition-errors li[data-field='rules[0].when[0].op'][data-source='server']")));
        assertThat(error.getText()).contains("rules[0].when[0].op");
        screenshot("definition-error");
        assertThat(server.get("/v1/envs/production/flags/edited").json().get("version").asLong())
                .as("nothing written").isEqualTo(server.get("/v1/envs/production/revisions?flag=edited").json()
                        .get(0).get("revision").asLong());
    }

    @Test
    void whatTheSchemaAcceptsButTheServerRefusesIsShownByTheDryRunAsYouType() {
        server.create("production", "weights", "{\"enabled\": true}");
        signIn("erin", "erin-secret");
        open("#/production/flags/weights");
        WebElement editor = wait.until(ExpectedConditions.elementToBeClickable(By.id("definition")));
        // the schema allows any weights from 0 to 100; the compiler wants them to add up to 100
        setValue(editor, "{\"enabled\": true, \"default\": {\"rollout\": {\"on\": 30, \"off\": 30}}}");
        WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#definition-check li[data-source='server']")));
        assertThat(refused.getAttribute("data-field")).startsWith("default.rollout");
        setValue(editor, "{\"enabled\": true, \"default\": {\"rollout\": {\"on\": 30, \"off\": 70}}}");
        waitText(By.id("definition-check"), "The schema and the server would accept this definition.");
    }

    @Test
    void theBrowsersSchemaCheckFindsWhatTheServerRefusesAndNamesTheSameField() {
        server.create("production", "checked", "{\"enabled\": true}");
        long version = version("checked");
        signIn("vic", "vic-secret");
        String[][] cases = {
            {"{\"enabled\": \"yes\"}", "enabled"},
            {"{\"colour\": \"red\"}", "colour"},
            {"{\"rules\": [{\"serve\": \"on\"}]}", "rules[0].when"},
            {"{\"rules\": [{\"when\": [{\"attribute\": \"a\", \"op\": \"eq\"}], \"serve\": \"on\"}]}", "rules[0].when[0].values"},
            {"{\"rules\": [{\"when\": [{\"op\": \"eq\", \"values\": [\"x\"]}], \"serve\": \"on\"}]}", "rules[0].when[0].attribute"},
            {"{\"rules\": [{\"when\": [{\"attribute\": \"a\", \"op\": \"exists\", \"values\": [\"x\"]}], \"serve\": \"on\"}]}", "rules[0].when[0].values"},
            {"{\"rules\": [{\"when\": [{\"attribute\": \"a\", \"op\": \"inSegment\", \"values\": [\"s\"]}], \"serve\": \"on\"}]}", "rules[0].when[0].attribute"},
            {"{\"rules\": [{\"when\": [{\"attribute\": \"a\", \"op\": \"eq\", \"values\": [\"x\"]}], \"serve\": \"on\", \"shade\": 1}]}", "rules[0].shade"},
            {"{\"default\": {\"rollout\": {\"on\": 101, \"off\": -1}}}", "default.rollout.on"},
            {"{\"default\": {\"serve\": \"on\", \"by\": \"company\"}}", "default.by"},
            {"{\"default\": {\"serve\": \"on\", \"extra\": 1}}", "default.extra"},
            {"{\"default\": {\"rollout\": {\"on\": 50, \"off\": 50}, \"ramp\": {\"variant\": \"on\", \"from\": 0, \"to\": 50,"
                    + " \"start\": \"tomorrow\", \"end\": \"2026-12-08T00:00:00Z\"}}}", "default.ramp.start"},
            {"{\"variants\": {\"bad key!\": 1}}", "variants.bad key!"},
            {"{\"targets\": {\"on\": [\"u1\", \"u1\"]}}", "targets.on"},
            {"{\"guard\": {\"event\": \"error\", \"variant\": \"on\", \"maxRatio\": 1}}", "guard.maxRatio"},
            {"{\"guard\": {\"event\": \"error\"}}", "guard.variant"},
        };
        StringBuilder differences = new StringBuilder();
        for (String[] sample : cases) {
            TestServer.Response server422 = server.send("PUT", "/v1/envs/production/flags/checked?dryRun=true",
                    "{\"definition\": " + sample[0] + "}", TestServer.ADMIN, "If-Match", "\"" + version + "\"");
            Object checked = ((JavascriptExecutor) browser).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    Promise.all([import('/console/js/schema.js'), fetch('/console/flags.schema.json').then(r => r.json())])
                      .then(([module, schema]) => done(JSON.stringify(module.flagChecker(schema)(JSON.parse(arguments[0])))));
                    """, sample[0]);
            JsonNode found = TestServer.JSON.readTree(checked.toString());
            List<String> fields = new java.util.ArrayList<>();
            found.forEach(error -> fields.add(error.get("field").stringValue()));
            List<String> serverFields = new java.util.ArrayList<>();
            if (server422.status() == 422) {
                server422.json().get("errors").forEach(error -> serverFields.add(error.get("field").stringValue()));
            }
            if (server422.status() != 422 || !fields.contains(sample[1]) || !serverFields.contains(sample[1])) {
                differences.append(sample[0]).append(": server ").append(server422.status()).append(' ')
                        .append(serverFields).append(", schema ").append(checked).append('\n');
            }
        }
        assertThat(differences.toString()).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/console/js/schema.js'), fetch('/console/flags.schema.json').then(r => r.json())])
                  .then(([module, schema]) => done(JSON.stringify(module.flagChecker(schema)(JSON.parse(arguments[0])))));
                """, "{\"description\": \"fine\", \"enabled\": true, \"variants\": {\"a\": 1, \"b\": 2}, \"offVariant\": \"a\","
                + " \"rules\": [{\"name\": \"nl\", \"when\": [{\"attribute\": \"country\", \"op\": \"in\", \"values\": [\"NL\"]},"
                + " {\"op\": \"inSegment\", \"values\": [\"beta\"]}, {\"attribute\": \"x\", \"op\": \"exists\"}],"
                + " \"rollout\": {\"a\": 50, \"b\": 50}, \"by\": \"company\"}], \"default\": {\"serve\": \"b\"},"
                + " \"guard\": {\"event\": \"error\", \"variant\": \"b\", \"maxRatio\": 1.5, \"minSamples\": 200, \"confidence\": 0.99}}"))
                .as("a valid definition passes").isEqualTo("[]");
    }

    @Test
    void onAConflictTheirChangeIsShownAndMineReappliedOnlyWhenAsked() {
        server.create("production", "contested", "{\"description\": \"before\", \"enabled\": true}");
        signIn("erin", "erin-secret");
        open("#/production/flags/contested");
        setValue(wait.until(ExpectedConditions.elementToBeClickable(By.id("definition"))),
                "{\"description\": \"mine\", \"enabled\": true}");
        server.send("PUT", "/v1/envs/production/flags/contested", "{\"definition\": {\"description\": \"theirs\","
                + " \"enabled\": true}}", TestServer.ADMIN, "If-Match", "\"" + version("contested") + "\"");
        // the page hears of it, and keeps the edit in progress
        waitText(By.id("stale-notice"), "changed meanwhile");
        assertThat(browser.findElement(By.id("definition")).getAttribute("value")).contains("mine");
        click(By.id("save"));
        waitText(By.id("conflict"), "Someone changed this flag meanwhile");
        assertThat(browser.findElement(By.id("conflict")).getText()).contains("Their version").contains("Yours")
                .contains("description: \"theirs\" → \"mine\"");
        screenshot("conflict");
        assertThat(description("contested")).as("no silent overwrite").isEqualTo("theirs");
        click(By.id("reapply"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "mine".equals(description("contested")));
        waitText(By.id("notice"), "Saved contested.");
    }

    @Test
    void aRollbackShowsItsDiffBeforeWriting() {
        long created = server.create("production", "rolled", "{\"description\": \"first\", \"enabled\": true}")
                .json().get("revision").asLong();
        server.post("/v1/envs/production/flags/rolled/kill", "{\"comment\": \"oops\"}");
        signIn("erin", "erin-secret");
        open("#/production/flags/rolled");
        click(By.cssSelector("#history tr[data-revision='" + created + "'] .show-diff"));
        waitText(By.id("history-detail"), "(created)");
        click(By.cssSelector("#history tr[data-revision='" + created + "'] .rollback"));
        WebElement preview = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rollback-preview")));
        assertThat(preview.getText()).contains("rolled").contains("enabled: false → true");
        screenshot("rollback-preview");
        assertThat(server.get("/v1/envs/production/flags/rolled").json().at("/definition/enabled").asBoolean())
                .as("the preview writes nothing").isFalse();
        browser.findElement(By.id("dialog-comment")).sendKeys("back to the first");
        click(By.id("dialog-confirm"));
        waitText(By.cssSelector("h1 .badge"), "on");
        JsonNode last = server.get("/v1/envs/production/revisions?flag=rolled&limit=1").json().get(0);
        assertThat(last.get("action").stringValue()).isEqualTo("rollback");
        assertThat(last.get("actor").stringValue()).isEqualTo("erin");
    }

    @Test
    void aPromotionShowsWhatItChangesInTheTargetFirst() {
        server.create("staging", "promoted", "{\"description\": \"tried in staging\", \"enabled\": true}");
        server.create("production", "promoted", "{\"description\": \"old\", \"enabled\": false}");
        signIn("erin", "erin-secret");
        open("#/staging/flags/promoted");
        new org.openqa.selenium.support.ui.Select(wait.until(ExpectedConditions.elementToBeClickable(
                By.id("promote-to")))).selectByValue("production");
        click(By.id("promote"));
        WebElement preview = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("promote-preview")));
        assertThat(preview.getText()).contains("description: \"old\" → \"tried in staging\"")
                .contains("enabled: false → true");
        screenshot("promotion-preview");
        assertThat(description("promoted")).as("the preview writes nothing").isEqualTo("old");
        browser.findElement(By.id("dialog-comment")).sendKeys("tested in staging");
        click(By.id("dialog-confirm"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "tried in staging".equals(description("promoted")));
        JsonNode last = server.get("/v1/envs/production/revisions?flag=promoted&limit=1").json().get(0);
        assertThat(last.get("action").stringValue()).isEqualTo("promote");
        assertThat(last.get("actor").stringValue()).isEqualTo("erin");
    }

    @Test
    void aViewerFindsNoButtonsAndItsForgedWritesAreRefused() {
        server.create("production", "watched", "{\"enabled\": true}");
        long version = version("watched");
        signIn("vic", "vic-secret");
        open("#/production/flags/watched");
        waitText(By.id("history-title"), "History");
        assertThat(browser.findElements(By.cssSelector("#kill, #restore, #rollout, #save, #promote, .rollback"))).isEmpty();
        // what is left: the read-only diff buttons of the history, and signing out
        assertThat(browser.findElements(By.cssSelector("button:not(.show-diff):not([type=submit])"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("textarea, input[type=range]"))).isEmpty();
        screenshot("viewer");
        Object withoutToken = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/v1/envs/production/flags/watched/kill', {method: 'POST'}).then(r => done(r.status));
                """);
        Object withToken = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/me').then(r => r.json()).then(me => fetch('/v1/envs/production/flags/watched/kill',
                    {method: 'POST', headers: {[me.csrf.header]: me.csrf.token}})).then(r => done(r.status));
                """);
        assertThat(List.of(withoutToken, withToken)).containsExactly(403L, 403L);
        assertThat(version("watched")).isEqualTo(version);
        assertThat(server.get("/v1/envs/production/flags/watched").json().at("/definition/enabled").asBoolean()).isTrue();
    }

    @Test
    void storedMarkupIsShownAsTextAndNeverRuns() {
        String script = "<script>window.__pwned = 1</script>";
        String image = "<img src=x onerror=\"window.__pwned = 2\">";
        server.create("production", "xss", "{\"description\": " + TestServer.JSON.writeValueAsString(script + image)
                + ", \"enabled\": true, \"rules\": [{\"name\": " + TestServer.JSON.writeValueAsString(image)
                + ", \"when\": [{\"attribute\": \"country\", \"op\": \"eq\", \"values\": [\"NL\"]}], \"serve\": \"on\"}]}");
        server.post("/v1/envs/production/flags/xss/kill", "{\"comment\": " + TestServer.JSON.writeValueAsString(image) + "}");
        signIn("erin", "erin-secret");
        waitText(By.cssSelector("tr[data-flag='xss']"), script);
        assertThat(browser.findElement(By.cssSelector("tr[data-flag='xss']")).getText()).contains(image);
        open("#/production/flags/xss");
        waitText(By.id("history"), image);
        assertThat(browser.findElement(By.id("view")).getText()).contains(script).contains(image);
        assertThat(browser.findElements(By.cssSelector("#view img, #view script"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__pwned === undefined")).isEqualTo(true);
    }

    @Test
    void theLiveBadgeFollowsWritesFromElsewhere() {
        server.create("production", "elsewhere", "{\"enabled\": true}");
        signIn("vic", "vic-secret");
        waitText(By.cssSelector("tr[data-flag='elsewhere'] .badge"), "on");
        long revision = server.post("/v1/envs/production/flags/elsewhere/kill", null).json().get("revision").asLong();
        waitText(By.id("revision"), "revision " + revision);
        waitText(By.cssSelector("tr[data-flag='elsewhere'] .badge"), "killed");
    }

    @Test
    void anAdminCreatesATokenSeesItsSecretOnceAndRevokesIt() {
        signIn("ada", "ada-secret");
        click(By.id("tokens-link"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("token-name"))).sendKeys("shop-prod");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("token-role"))).selectByValue("read");
        click(By.id("token-env-production"));
        click(By.id("token-create"));
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret")))
                .getAttribute("value");
        assertThat(secret).startsWith("fs.");
        assertThat(server.send("GET", "/v1/envs/production/flags", null, secret).status()).isEqualTo(200);
        assertThat(server.send("GET", "/v1/envs/staging/flags", null, secret).status()).isEqualTo(403);
        waitText(By.id("tokens"), "shop-prod");
        screenshot("tokens");
        click(By.xpath("//tr[td[1][text()='shop-prod']]//button[contains(@class, 'revoke')]"));
        click(By.id("dialog-confirm"));
        waitText(By.xpath("//tr[td[1][text()='shop-prod']]"), "revoked");
        assertThat(server.send("GET", "/v1/envs/production/flags", null, secret).status()).isEqualTo(401);
        browser.navigate().refresh();
        waitText(By.id("tokens"), "shop-prod");
        assertThat(browser.findElements(By.id("token-secret"))).as("shown once").isEmpty();
    }

    @Test
    void onlyAnAdminHasTheTokensScreen() {
        signIn("erin", "erin-secret");
        waitText(By.id("view"), "Flags in");
        assertThat(browser.findElements(By.id("tokens-link"))).isEmpty();
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/v1/tokens').then(r => done(r.status));
                """);
        assertThat(status).isEqualTo(403L);
    }

    @Test
    void reportedUsageMarksStaleFlagsAndSaysWhatTheSliderReaches() {
        server.create("production", "used-guarded", "{\"enabled\": true, \"default\": {\"rollout\": {\"on\": 50,"
                + " \"off\": 50}}, \"guard\": {\"event\": \"error\", \"variant\": \"on\", \"maxRatio\": 3}}");
        server.create("production", "one-sided", "{\"enabled\": true}");
        server.create("production", "fresh-unreported", "{\"enabled\": true}");
        String now = java.time.Instant.now().toString();
        TestServer.Response report = server.send("POST", "/v1/envs/production/usage", "{\"instance\": \"i-1\", \"app\": \"shop\","
                + " \"from\": \"" + now + "\", \"to\": \"" + now + "\", \"flags\": ["
                + "{\"key\": \"used-guarded\", \"since\": " + version("used-guarded") + ", \"variants\": ["
                + "{\"name\": \"on\", \"evaluations\": 120, \"events\": {\"error\": 1}},"
                + " {\"name\": \"off\", \"evaluations\": 118, \"events\": {}}]},"
                + "{\"key\": \"one-sided\", \"since\": " + version("one-sided") + ", \"variants\": ["
                + "{\"name\": \"on\", \"evaluations\": 500, \"events\": {}}]}]}", TestServer.ADMIN);
        assertThat(report.status()).isEqualTo(202);
        // the server sums reports in memory and writes them once a second
        await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/v1/envs/production/flags?stale=P30D").body()
                .contains("\"one-sided\"") && server.get("/v1/envs/production/guards").body().contains("\"evaluations\":120"));

        signIn("erin", "erin-secret");
        waitText(By.cssSelector("tr[data-flag='one-sided'] .badge.stale"), "stale: only on");
        assertThat(browser.findElements(By.cssSelector("tr[data-flag='used-guarded'] .badge.stale"))).isEmpty();
        assertThat(server.get("/v1/envs/production/flags?stale=P30D").body()).contains("\"fresh-unreported\"");
        assertThat(browser.findElements(By.cssSelector("tr[data-flag='fresh-unreported'] .badge.stale")))
                .as("never reported, but created within the window").isEmpty();
        open("#/production/flags/used-guarded");
        waitText(By.id("usage"), "238 evaluations");
        waitText(By.id("rollout-usage"), "about 119 of the 238 evaluations");
        WebElement slider = browser.findElement(By.id("rollout"));
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = 25; arguments[0].dispatchEvent(new Event('input'));", slider);
        waitText(By.id("rollout-usage"), "about 60 of the 238 evaluations");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", slider);
        screenshot("usage");
    }

    @Test
    void everyScreenNamesEachControlAndItsTextMeetsTheContrastMinimum() {
        // a guarded flag too: its badge is one more colour
        server.create("production", "audited", "{\"description\": \"Audited flag\", \"enabled\": true,"
                + " \"rules\": [{\"name\": \"nl\", \"when\": [{\"attribute\": \"country\", \"op\": \"eq\","
                + " \"values\": [\"NL\"]}], \"serve\": \"on\"}], \"default\": {\"rollout\": {\"on\": 10, \"off\": 90}},"
                + " \"guard\": {\"event\": \"error\", \"variant\": \"on\", \"maxRatio\": 2}}");
        server.create("production", "audited-off", "{\"enabled\": false}");
        List<String> problems = new java.util.ArrayList<>();
        browser.get(server.uri("/console/login?error").toString());
        problems.addAll(audit("sign-in"));
        signIn("ada", "ada-secret");
        waitText(By.cssSelector("tr[data-flag='audited-off'] .badge"), "killed");
        assertThat(browser.findElement(By.cssSelector("tr[data-flag='audited']")).getText())
                .contains("rolling out 10%").contains("guarded");
        problems.addAll(audit("flag list"));
        open("#/production/flags/audited");
        waitText(By.id("history-title"), "History");
        assertThat(browser.findElement(By.cssSelector("dl.def")).getText())
                .contains("kills the flag when \"error\" among those served on runs over 2× the others' rate");
        click(By.cssSelector("#history tbody tr:first-child .show-diff"));
        waitText(By.id("history-detail"), "(created)");
        setValue(browser.findElement(By.id("definition")), "{\"enabled\": \"yes\"}");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#definition-check li[data-field='enabled']")));
        problems.addAll(audit("flag page"));
        click(By.id("kill"));
        click(By.id("dialog-confirm"));
        waitText(By.id("dialog"), "A comment is required.");
        problems.addAll(audit("kill dialog"));
        browser.findElement(By.id("dialog-cancel")).click();
        open("#tokens");
        waitText(By.id("view"), "API tokens");
        problems.addAll(audit("tokens"));
        assertThat(problems).isEmpty();
    }

    @Test
    void aFlagIsKilledWithTheKeyboardAloneAndTheFocusIsAlwaysShown() {
        server.create("production", "keyed", "{\"enabled\": true}");
        signIn("erin", "erin-secret");
        open("#/production/flags/keyed");
        waitText(By.id("history-title"), "History");
        List<String> unseen = new java.util.ArrayList<>();
        List<String> visited = new java.util.ArrayList<>();
        // from the top of the page (the skip link, the first stop) through the header to the kill button
        ((JavascriptExecutor) browser).executeScript("document.querySelector('.skip').focus()");
        for (int i = 0; i < 40 && !"kill".equals(focused().getAttribute("id")); i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            visited.add(focused().getAttribute("id"));
            unseen.addAll(focusShown());
        }
        assertThat(focused().getAttribute("id")).isEqualTo("kill");
        assertThat(visited).contains("env", "sign-out");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(driver -> "dialog-comment".equals(focused().getAttribute("id")));
        new Actions(browser).sendKeys("slow checkout").sendKeys(Keys.TAB).perform();
        assertThat(focused().getAttribute("id")).isEqualTo("dialog-confirm");
        unseen.addAll(focusShown());
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        waitText(By.cssSelector("h1 .badge"), "killed");
        wait.until(driver -> "restore".equals(focused().getAttribute("id")));
        assertThat(server.get("/v1/envs/production/revisions?flag=keyed&limit=1").json().get(0).get("comment")
                .stringValue()).isEqualTo("slow checkout");

        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(driver -> "dialog-comment".equals(focused().getAttribute("id")));
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        wait.until(driver -> browser.findElement(By.id("dialog")).getAttribute("open") == null);
        assertThat(focused().getAttribute("id")).as("back on the button that opened it").isEqualTo("restore");

        ((JavascriptExecutor) browser).executeScript("document.getElementById('rollout').focus()");
        new Actions(browser).sendKeys(Keys.ARROW_LEFT).perform();
        waitText(By.id("rollout-value"), "99%");

        ((JavascriptExecutor) browser).executeScript("document.querySelector('.skip').focus()");
        unseen.addAll(focusShown());
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        assertThat(focused().getTagName()).as("the skip link lands on the page's heading").isEqualTo("h1");
        assertThat(browser.getCurrentUrl()).as("and leaves the address alone").endsWith("#/production/flags/keyed");
        assertThat(unseen).isEmpty();
    }

    private void signIn(String name, String password) {
        browser.get(server.uri("/console/").toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("username"))).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        if (name.equals("erin")) {
            screenshot("sign-in");
        }
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitText(By.id("user"), name);
    }

    private WebElement focused() {
        return browser.switchTo().activeElement();
    }

    /** Whether the focused element shows a ring of at least 2 px with 3:1 contrast against what is behind it. */
    private List<String> focusShown() {
        Object problem = ((JavascriptExecutor) browser).executeScript(CONTRAST + """
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const shown = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
                  && ratio(rgb(style.outlineColor), background(el.parentElement)) >= 3;
                return shown ? null : `focus not shown on ${el.outerHTML.slice(0, 100)}: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
                """);
        return problem == null ? List.of() : List.of(problem.toString());
    }

    /** Every visible control has an accessible name; every visible text has 4.5:1 contrast (3:1 when large). */
    @SuppressWarnings("unchecked")
    private List<String> audit(String screen) {
        List<Object> problems = (List<Object>) ((JavascriptExecutor) browser).executeScript(CONTRAST + """
                const problems = [];
                const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
                for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')) {
                  if (!visible(el)) continue;
                  const byLabel = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
                  const byRef = (el.getAttribute('aria-labelledby') || '').split(' ').some(id => id && document.getElementById(id));
                  const own = (el.tagName === 'BUTTON' || el.tagName === 'A') && el.textContent.trim();
                  if (!byLabel && !byRef && !el.getAttribute('aria-label') && !own) problems.push(`no name: ${el.outerHTML.slice(0, 120)}`);
                }
                for (const el of document.querySelectorAll('body *')) {
                  const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                  if (!text || !visible(el) || el.disabled) continue;
                  const s = getComputedStyle(el);
                  const large = parseFloat(s.fontSize) >= 24 || (parseInt(s.fontWeight) >= 700 && parseFloat(s.fontSize) >= 18.66);
                  const r = ratio(rgb(s.color), background(el));
                  if (r < (large ? 3 : 4.5)) problems.push(`contrast ${r.toFixed(2)}: ${el.tagName} "${el.textContent.trim().slice(0, 40)}" ${s.color}`);
                }
                return problems;
                """);
        return problems.stream().map(problem -> screen + ": " + problem).toList();
    }

    /** WCAG 2 contrast: relative luminance of sRGB colours, the first opaque background up the tree (white at the top). */
    private static final String CONTRAST = """
            const rgb = c => c.match(/[\\d.]+/g).map(Number);
            const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
            const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
            const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
            """;

    private void open(String hash) {
        browser.get(server.uri("/console/" + hash).toString());
    }

    private void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private void waitText(By by, String text) {
        wait.withMessage(() -> "on " + browser.getCurrentUrl() + ":\n" + browser.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private void setValue(WebElement element, String value) {
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", element, value);
    }

    private long version(String key) {
        return server.get("/v1/envs/production/flags/" + key).json().get("version").asLong();
    }

    private String description(String key) {
        return server.get("/v1/envs/production/flags/" + key).json().at("/definition/description").asString();
    }

    private static void screenshot(String name) {
        if (SCREENSHOTS.isBlank()) {
            return;
        }
        try {
            // Failsafe runs in the module's folder; the property names a folder of the repository
            Path folder = Path.of("..").resolve(SCREENSHOTS);
            Files.createDirectories(folder);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
