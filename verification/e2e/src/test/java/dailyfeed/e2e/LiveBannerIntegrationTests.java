package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The banner kept current by the live stream's contract (docs/live-stream.md), against the same started system as
 * {@link WebUiIntegrationTests}: resuming after a cut with Last-Event-ID, withdrawn text, the seen marker moving in
 * another window, all without reloading the page.
 */
@ExtendWith(Browsers.Installed.class) // first: without a browser, do not start the system at all
class LiveBannerIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** Handles unique to this run, so the tests also pass against a dailyfeed that already has members. */
    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656L, 36);

    /**
     * Fetches of the banner's list (GET /api/activities/followings/groups?size=20) this page has made, from Resource
     * Timing; reads of one group (a live activity's) are not reads of the list.
     */
    static final String LIST_READS = "return performance.getEntriesByType('resource')"
            + ".filter(entry => new URL(entry.name).pathname === '/api/activities/followings/groups').length";

    private static String handle(String name) {
        return name + "_" + RUN;
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
        Ui ui = new Ui(browsers.open(name), dailyfeed.baseUrl()).open();
        ui.logIn(member.handle(), member.password());
        return ui;
    }

    /** `follower` follows `followee`, and the activity service knows it (its member feed answers 403 until then). */
    private static void follows(GatewayClient api, Member follower, Member followee) {
        api.follow(follower, followee.id()).expect(204);
        await().atMost(Ui.PATIENCE)
                .until(() -> api.memberActivities(follower, followee.id()).status() == 200);
    }

    private static void markSamePage(Ui ui) {
        ui.js("window.e2eSamePage = true"); // gone if anything reloads the page
    }

    private static boolean isSamePage(Ui ui) {
        return Boolean.TRUE.equals(ui.js("return window.e2eSamePage === true"));
    }

    /** The words of the banner line of one group, or null while there is none. */
    private static String lineOf(Ui ui, String groupKey) {
        List<WebElement> lines =
                ui.driver.findElements(By.cssSelector("#banner-list > li[data-group-key='" + groupKey + "'] > .words"));
        return lines.isEmpty() ? null : lines.get(0).getText();
    }

    @Test
    void afterTheStreamIsCutTheBannerResumesWithWhatItMissedExactlyOnceAndInOrder() {
        assumeTrue(
                dailyfeed.dataDir().isPresent(),
                "needs a dailyfeed started by the tests (it stops one of its services)");
        GatewayClient api = api();
        Member amy = signUp(handle("amy"), "Amy");
        Member ben = signUp(handle("ben"), "Ben");
        follows(api, amy, ben);
        Ui ui = loggedIn("amy", amy);
        ui.awaitLive();
        markSamePage(ui);
        ui.openBanner();
        ui.until(d -> (Long) ui.js(LIST_READS) == 1); // opening it read the list once

        // a first activity arrives live, so the page has an event id to resume after
        api.createPost(ben, "Before the cut", "Still connected.").expect(201);
        String before = handle("ben") + " posted 'Before the cut'";
        ui.until(d -> ui.bannerLines().contains(before));
        long listReadsBeforeTheCut = (Long) ui.js(LIST_READS);

        // SIGTERM, as in WebUiIntegrationTests: a SIGKILLed service holds its Kafka partitions for the session timeout
        // (45 s), which would test Kafka's patience rather than the page's; the launcher restarts it
        dailyfeed.process("activity-service").ifPresent(ProcessHandle::destroy);
        ui.until(d -> !"open".equals(d.findElement(By.cssSelector(".live-dot")).getAttribute("data-status")));
        api.createPost(ben, "First while away", "The stream is cut.").expect(201);
        api.createPost(ben, "Second while away", "Still cut.").expect(201);

        // the launcher's backoff, the service's start, the page's own backoff, the consumer group's rejoin
        String first = handle("ben") + " posted 'First while away'";
        String second = handle("ben") + " posted 'Second while away'";
        List<String> lines = new WebDriverWait(ui.driver, Duration.ofSeconds(180))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    List<String> shown = ui.bannerLines();
                    return shown.contains(first) && shown.contains(second) ? shown : null;
                });

        assertThat(lines).as("each once, newest first").containsExactly(second, first, before);
        assertThat(isSamePage(ui)).as("no reload").isTrue();
        assertThat((Long) ui.js(LIST_READS))
                .as("what was missed came from the stream's replay, not from reading the list again")
                .isEqualTo(listReadsBeforeTheCut);
        ui.awaitLive();
    }

    @Test
    void aDeletedPostsTextIsWithdrawnFromTheBannerInPlaceAndStaysWithdrawnAfterAReload() {
        GatewayClient api = api();
        Member cleo = signUp(handle("cleo"), "Cleo");
        Member dan = signUp(handle("dan"), "Dan");
        follows(api, cleo, dan);
        Ui ui = loggedIn("cleo", cleo);
        ui.awaitLive();
        markSamePage(ui);
        ui.openBanner();

        long postId = api.createPost(dan, "Secret plans", "Meet behind the bike shed at noon.")
                .expect(201)
                .id();
        String posted = ui.until(d -> d.findElements(By.cssSelector("#banner-list li[data-type=POST_CREATED]")).stream()
                .filter(line -> line.getText().contains("'Secret plans'"))
                .map(line -> line.getAttribute("data-group-key"))
                .findFirst()
                .orElse(null));
        assertThat(lineOf(ui, posted)).isEqualTo(handle("dan") + " posted 'Secret plans'");

        api.deletePost(dan, postId).expect(204);

        // the same group's line, where it was, without the text; the deletion itself is a line of its own
        String withdrawn = handle("dan") + " posted a deleted post";
        ui.until(d -> withdrawn.equals(lineOf(ui, posted)));
        ui.until(d -> ui.bannerLines().contains(handle("dan") + " deleted a post"));
        assertThat(isSamePage(ui)).as("updated without a reload").isTrue();
        assertTextIsNowhere(ui);

        ui.reload();
        ui.awaitLoggedIn();
        ui.openBanner();
        ui.until(d -> withdrawn.equals(lineOf(ui, posted)));
        assertTextIsNowhere(ui);
    }

    private static void assertTextIsNowhere(Ui ui) {
        String html = (String) ui.js("return document.documentElement.outerHTML");
        String text = (String) ui.js("return document.body.innerText");
        assertThat(html)
                .as("nowhere in the page, shown or hidden")
                .doesNotContain("Secret plans")
                .doesNotContain("bike shed");
        assertThat(text).doesNotContain("Secret plans").doesNotContain("bike shed");
    }

    @Test
    void openingTheBannerInOneWindowClearsTheCountInTheMembersOtherWindows() {
        GatewayClient api = api();
        Member eve = signUp(handle("eve"), "Eve");
        Member finn = signUp(handle("finn"), "Finn");
        follows(api, eve, finn);
        Ui first = loggedIn("eve-first", eve);
        Ui second = loggedIn("eve-second", eve); // its own session: the token is per tab
        first.awaitLive();
        second.awaitLive();
        markSamePage(second);

        api.createPost(finn, "Lunch", "Anyone?").expect(201);
        first.awaitBannerCount(1);
        second.awaitBannerCount(1);

        first.openBanner();
        first.until(d -> first.bannerLines().contains(handle("finn") + " posted 'Lunch'"));
        first.awaitBannerCount(0);

        second.awaitBannerCount(0);
        assertThat(isSamePage(second)).as("cleared without a reload").isTrue();
        assertThat(second.driver.findElement(By.id("banner-panel")).isDisplayed())
                .as("nothing done in that window")
                .isFalse();
        assertThat(second.driver.getTitle()).isEqualTo("dailyfeed");
    }
}
