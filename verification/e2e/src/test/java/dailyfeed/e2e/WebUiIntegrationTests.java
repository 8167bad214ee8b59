package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium against the whole system started by the launcher: two members in two
 * windows, the live notification banner, escaping, and API errors shown where they belong.
 */
@ExtendWith(Browsers.Installed.class) // first: without a browser, do not start the system at all
class WebUiIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** Handles unique to this run, so the tests also pass against a dailyfeed that already has members. */
    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656L, 36);

    private static String handle(String name) {
        return name + "_" + RUN;
    }

    private Ui window(String name) {
        return new Ui(browsers.open(name), dailyfeed.baseUrl()).open();
    }

    private GatewayClient api() {
        return GatewayClient.builder(dailyfeed.baseUrl())
                .timeout(Duration.ofSeconds(15))
                .build();
    }

    /** A member signed up and logged in through the API, with a password the browser can log in with. */
    private Member signUp(String handle, String displayName) {
        return api().signUp(handle, displayName, "password-" + handle);
    }

    private Ui loggedIn(String name, Member member) {
        Ui ui = window(name);
        ui.logIn(member.handle(), member.password());
        return ui;
    }

    @Test
    void followeeActivityArrivesLiveInTheBannerInWordsAndOpeningItClearsTheCount() {
        String bobHandle = handle("bob");
        Ui alice = window("alice");
        alice.signUp(handle("alice"), "Alice Liddell", "alice-password");
        alice.awaitLoggedIn();
        Ui bob = window("bob");
        bob.signUp(bobHandle, "Bob Builder", "bob-password");
        bob.awaitLoggedIn();
        long bobId = bob.myId();

        alice.go("#/members/" + bobId);
        alice.visible(By.cssSelector(".profile .display-name"));
        assertThat(alice.driver
                        .findElement(By.cssSelector(".profile .display-name"))
                        .getText())
                .isEqualTo("Bob Builder");
        alice.until(d -> d.findElement(By.id("follow-button")).getText().equals("Follow"));
        alice.driver.findElement(By.id("follow-button")).click();
        alice.until(d -> d.findElement(By.id("follow-button")).getText().equals("Unfollow"));
        alice.until(
                d -> d.findElement(By.cssSelector(".follower-count")).getText().equals("1"));
        // the follow reaches the activity service as an event; bob's activity is alice's news once it has arrived
        // (the member feed answers 403 until the activity service knows that alice follows bob)
        String aliceToken = alice.token();
        await().atMost(Ui.PATIENCE)
                .until(() -> api().get("/api/activities/members/" + bobId, aliceToken)
                                .status()
                        == 200);
        alice.awaitBannerCount(0);
        alice.awaitLive();
        alice.js("window.e2eSamePage = true"); // gone if anything reloads the page

        bob.writePost("Weekend hike", "Up the ridge at dawn, back for lunch.");
        bob.openMyPost("Weekend hike");
        long postId = Long.parseLong(bob.driver.findElement(By.id("post")).getAttribute("data-post-id"));
        bob.comment("Who is coming along?");

        alice.awaitBannerCount(2);
        assertThat(alice.js("return window.e2eSamePage === true"))
                .as("the count rose without a reload")
                .isEqualTo(true);
        assertThat(alice.driver.findElement(By.id("banner-toggle")).getText()).contains("2 new activities");
        Browsers.screenshot(alice.driver, "banner-count");

        alice.openBanner();
        // the lines are read inside the wait: the list may re-render under a late update, which makes a
        // read outside it stale; the wait reads again then
        List<String> lines = alice.until(d -> {
            List<String> shown = alice.bannerLines();
            return shown.size() >= 2 && shown.get(0).startsWith(bobHandle + " commented on 'Weekend hike'")
                    ? shown
                    : null;
        });
        assertThat(lines.get(0)).isEqualTo(bobHandle + " commented on 'Weekend hike': “Who is coming along?”");
        assertThat(lines.get(1)).isEqualTo(bobHandle + " posted 'Weekend hike'");
        assertThat(lines).noneMatch(line -> line.contains(handle("alice"))); // her own follow is not news to her
        alice.awaitBannerCount(0);
        Browsers.screenshot(alice.driver, "banner");

        // each line links to what it is about
        WebElement commented =
                alice.driver.findElement(By.cssSelector("#banner-list li[data-type=COMMENT_CREATED] a.object"));
        assertThat(commented.getAttribute("href")).endsWith("#/posts/" + postId);
        assertThat(alice.driver
                        .findElement(By.cssSelector("#banner-list li[data-type=POST_CREATED] a.actor"))
                        .getAttribute("href"))
                .endsWith("#/members/" + bobId);
        commented.click();
        alice.until(d ->
                d.findElement(By.cssSelector("#post .post-title")).getText().equals("Weekend hike"));
        assertThat(alice.commentTexts()).containsExactly("Who is coming along?");

        // seen stays seen after a reload; what arrives later is counted, and that count survives a reload too
        alice.reload();
        alice.awaitLoggedIn();
        alice.awaitBannerCount(0);
        alice.awaitLive();
        bob.driver.findElement(By.cssSelector("#post button.like")).click();
        bob.until(d ->
                d.findElement(By.cssSelector("#post .like-count")).getText().equals("1"));
        alice.awaitBannerCount(1);
        alice.reload();
        alice.awaitLoggedIn();
        alice.awaitBannerCount(1);
        alice.openBanner();
        alice.until(d -> !alice.bannerLines().isEmpty()
                && alice.bannerLines().get(0).equals(bobHandle + " liked 'Weekend hike'"));
        alice.awaitBannerCount(0);
    }

    @Test
    void aPostWithMarkupIsShownAsTextAndRunsNoScript() {
        Member carol = signUp(handle("carol"), "Carol <i>Danvers</i>");
        Ui ui = loggedIn("carol", carol);
        String title = "<b>not bold</b> & <i>not italic</i>";
        String content = "<script>window.e2eInjected = 1</script><img src=x onerror=\"window.e2eInjected = 2\">\n"
                + "second line";

        ui.writePost(title, content);
        ui.openMyPost(title);

        assertThat(ui.driver.findElement(By.cssSelector("#post .post-title")).getText())
                .isEqualTo(title);
        assertThat(ui.driver.findElement(By.cssSelector("#post .post-content")).getText())
                .isEqualTo(content);
        assertThat(ui.driver.findElements(By.cssSelector("#post img, #post script, #post b, #post i")))
                .isEmpty();
        ui.until(d -> d.findElement(By.cssSelector("#post .member-link .display-name"))
                .getText()
                .equals("Carol <i>Danvers</i>"));
        assertThat(ui.js("return typeof window.e2eInjected")).isEqualTo("undefined");

        // the same text through the API reads back byte for byte
        assertThat(api().postsBy(carol, carol.id()).expect(200).page().items())
                .singleElement()
                .satisfies(post -> assertThat(post.path("content").asString()).isEqualTo(content));
    }

    @Test
    void aTooLongPostShowsTheValidationMessageNextToItAndIsNotPosted() {
        Member dave = signUp(handle("dave"), "Dave");
        Ui ui = loggedIn("dave", dave);
        WebElement form = ui.visible(By.cssSelector("#composer form"));
        WebElement content = form.findElement(By.name("content"));
        ui.js("arguments[0].value = 'x'.repeat(5000)", content);
        content.sendKeys("y"); // a real keystroke: 5001 characters
        assertThat(form.findElement(By.cssSelector(".counter.over")).getText()).isEqualTo("5001 / 5000");

        form.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement message = ui.visible(By.cssSelector("#composer [data-error-for=content]"));
        assertThat(message.getText()).startsWith("Post ").contains("5000"); // the API's words, named by the field
        assertThat(content.getAttribute("aria-invalid")).isEqualTo("true");
        // next to the field it is about: in the same field group
        assertThat(message.findElement(By.xpath("..")).findElement(By.name("content")))
                .isEqualTo(content);
        assertThat(ui.driver.findElement(By.id("my-posts")).getText()).isEqualTo("You have not posted yet.");
        assertThat(api().postsBy(dave, dave.id()).expect(200).page().items()).isEmpty();
    }

    @Test
    void signUpAndLoginErrorsAppearNextToWhatCausedThem() {
        signUp(handle("erin"), "Erin");
        Ui ui = window("visitor");

        ui.signUp("No!", "", "short");
        WebElement form = ui.driver.findElement(By.id("signup-form"));
        ui.until(d -> !form.findElement(By.cssSelector("[data-error-for=handle]"))
                .getText()
                .isBlank());
        assertThat(form.findElement(By.cssSelector("[data-error-for=password]")).getText())
                .isNotBlank();
        assertThat(form.findElement(By.cssSelector("[data-error-for=displayName]"))
                        .getText())
                .isNotBlank();

        ui.signUp(handle("erin"), "Another Erin", "long enough password");
        ui.until(d -> !form.findElement(By.cssSelector(".form-error")).getText().isBlank());
        assertThat(form.findElement(By.cssSelector("[data-error-for=handle]")).getText())
                .isBlank();

        WebElement login = ui.driver.findElement(By.id("login-form"));
        Ui.type(login, "handle", handle("erin"));
        Ui.type(login, "password", "wrong password");
        login.findElement(By.cssSelector("button[type=submit]")).click();
        ui.until(
                d -> !login.findElement(By.cssSelector(".form-error")).getText().isBlank());

        ui.logIn(handle("erin"), "password-" + handle("erin"));
        ui.driver.findElement(By.id("logout")).click();
        ui.visible(By.id("login-form"));
        assertThat(ui.js("return sessionStorage.length")).isEqualTo(0L);
        ui.reload();
        ui.visible(By.id("login-form"));
    }

    @Test
    void commentsRepliesLikesAndOwnEditsOnAPost() {
        GatewayClient api = api();
        Member frank = signUp(handle("frank"), "Frank");
        Member grace = signUp(handle("grace"), "Grace");
        long postId = api.createPost(frank, "Ideas", "What should we build next?")
                .expect(201)
                .id();
        api.comment(grace, postId, "A bike shed.").expect(201);
        Ui ui = loggedIn("frank", frank);
        ui.go("#/posts/" + postId);
        ui.until(d -> ui.commentTexts().contains("A bike shed."));

        // someone else's comment: likeable and answerable, not editable
        WebElement graces = commentNamed(ui, "A bike shed.");
        assertThat(graces.findElements(By.cssSelector(".edit-comment"))).isEmpty();
        graces.findElement(By.cssSelector("button.like")).click();
        ui.until(d -> commentNamed(ui, "A bike shed.")
                .findElement(By.cssSelector(".like-count"))
                .getText()
                .equals("1"));

        reply(ui, "A bike shed.", "What colour?");
        reply(ui, "What colour?", "Blue, obviously.");
        assertThat(commentNamed(ui, "A bike shed.").getAttribute("class")).contains("depth-0");
        assertThat(commentNamed(ui, "What colour?").getAttribute("class")).contains("depth-1");
        WebElement deepest = commentNamed(ui, "Blue, obviously.");
        assertThat(deepest.getAttribute("class")).contains("depth-2");
        assertThat(deepest.findElements(By.cssSelector(".reply-button")))
                .as("no third level")
                .isEmpty();

        // edit and delete one's own
        commentNamed(ui, "What colour?")
                .findElement(By.cssSelector(".edit-comment"))
                .click();
        WebElement edit = ui.visible(By.cssSelector("#comments form.comment-form:not(.reply-form)"));
        Ui.type(edit, "content", "Which colour?");
        edit.findElement(By.cssSelector("button[type=submit]")).click();
        ui.until(d -> ui.commentTexts().contains("Which colour?"));
        WebElement own = commentNamed(ui, "Blue, obviously.");
        own.findElement(By.cssSelector(".confirm .link-button")).click();
        own.findElement(By.cssSelector(".confirm button.danger")).click();
        ui.until(d -> !ui.commentTexts().contains("Blue, obviously."));

        // like and unlike the post, edit it, delete it
        WebElement like = ui.driver.findElement(By.cssSelector("#post button.like"));
        like.click();
        ui.until(d ->
                d.findElement(By.cssSelector("#post .like-count")).getText().equals("1"));
        ui.driver.findElement(By.cssSelector("#post button.like")).click();
        ui.until(d ->
                d.findElement(By.cssSelector("#post .like-count")).getText().equals("0"));
        ui.driver
                .findElement(By.xpath("//article[@id='post']//button[text()='Edit']"))
                .click();
        WebElement postForm = ui.visible(By.cssSelector(".post.editing form"));
        Ui.type(postForm, "title", "Ideas, sorted");
        postForm.findElement(By.cssSelector("button[type=submit]")).click();
        ui.until(d ->
                d.findElement(By.cssSelector("#post .post-title")).getText().equals("Ideas, sorted"));
        ui.driver.findElement(By.cssSelector("#post .confirm .link-button")).click();
        ui.driver.findElement(By.cssSelector("#post .confirm button.danger")).click();
        ui.until(d -> d.getCurrentUrl().endsWith("#/members/" + frank.id()));
        ui.go("#/posts/" + postId);
        ui.until(d -> d.findElement(By.cssSelector(".notice.error"))
                .getText()
                .equals("This post does not exist or was deleted."));
        assertThat(api.postsBy(frank, frank.id()).expect(200).page().items()).isEmpty();
    }

    @Test
    void theBannerReconnectsWhenTheActivityServiceComesBack() throws Exception {
        assumeTrue(
                dailyfeed.dataDir().isPresent(),
                "needs a dailyfeed started by the tests (it kills one of its services)");
        GatewayClient api = api();
        Member ivan = signUp(handle("ivan"), "Ivan");
        Member judy = signUp(handle("judy"), "Judy");
        api.follow(ivan, judy.id()).expect(204);
        await().atMost(Ui.PATIENCE)
                .until(() -> api.memberActivities(ivan, judy.id()).status() == 200);
        Ui ui = loggedIn("ivan", ivan);
        ui.awaitLive();
        ui.js("window.e2eSamePage = true");

        // SIGTERM: the service leaves its Kafka group cleanly (a SIGKILLed member holds its partitions until its
        // session times out, 45 s, which would test Kafka's patience rather than the page's); the launcher restarts it
        dailyfeed.process("activity-service").ifPresent(ProcessHandle::destroy);
        ui.until(d -> !"open".equals(d.findElement(By.cssSelector(".live-dot")).getAttribute("data-status")));

        // back after the restart (the launcher's backoff, the service's start, the page's own backoff)
        new WebDriverWait(ui.driver, Duration.ofSeconds(120))
                .until(d ->
                        "open".equals(d.findElement(By.cssSelector(".live-dot")).getAttribute("data-status")));
        api.createPost(judy, "Still here", "Posted after the activity service came back.")
                .expect(201);
        // the restarted service first rejoins its consumer group, then the post arrives
        new WebDriverWait(ui.driver, Duration.ofSeconds(60)).until(d -> ui.bannerCount() == 1);
        assertThat(ui.js("return window.e2eSamePage === true")).as("no reload").isEqualTo(true);
    }

    @Test
    void fitsAPhoneWidthWindow() {
        Member heidi = signUp(handle("heidi"), "Heidi");
        Ui ui = loggedIn("heidi", heidi);
        ui.driver.manage().window().setSize(new Dimension(390, 844));
        ui.writePost(
                "A long title that has to wrap somewhere on a narrow phone screen, doesn't it",
                "Averylongwordwithoutanyspacesthatwouldpushthelayoutsidewaysifnothingwrappedit".repeat(3));
        ui.openBanner();

        Map<?, ?> size = (Map<?, ?>) ui.js("return {scroll: document.documentElement.scrollWidth, "
                + "viewport: document.documentElement.clientWidth, panelRight: "
                + "document.getElementById('banner-panel').getBoundingClientRect().right}");
        long viewport = ((Number) size.get("viewport")).longValue();
        assertThat(((Number) size.get("scroll")).longValue())
                .as("no sideways scrolling")
                .isLessThanOrEqualTo(viewport);
        assertThat(((Number) size.get("panelRight")).doubleValue())
                .as("banner panel on screen")
                .isLessThanOrEqualTo(viewport);
        Browsers.screenshot(ui.driver, "phone");
    }

    private static WebElement commentNamed(Ui ui, String text) {
        return ui.until(d -> d.findElements(By.cssSelector("#comments .comment")).stream()
                .filter(comment -> comment.findElement(By.cssSelector(".comment-content"))
                        .getText()
                        .equals(text))
                .findFirst()
                .orElse(null));
    }

    private static void reply(Ui ui, String to, String text) {
        commentNamed(ui, to).findElement(By.cssSelector(".reply-button")).click();
        WebElement form = ui.visible(By.cssSelector("#comments form.reply-form"));
        Ui.type(form, "content", text);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        ui.until(d -> ui.commentTexts().contains(text));
    }
}
