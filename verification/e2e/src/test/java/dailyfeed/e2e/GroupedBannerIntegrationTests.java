package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The banner's lines are the groups of the grouped feed (one per type, target and day), merged live as activities
 * arrive, and its "About you" tab says what anyone did with the reader's posts and to the reader, against the same
 * started system as {@link WebUiIntegrationTests}.
 */
@ExtendWith(Browsers.Installed.class) // first: without a browser, do not start the system at all
class GroupedBannerIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** Handles unique to this run, so the tests also pass against a dailyfeed that already has members. */
    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656L, 36);

    private final GatewayClient api = GatewayClient.builder(dailyfeed.baseUrl())
            .timeout(Duration.ofSeconds(15))
            .build();

    private static String handle(String name) {
        return name + "_" + RUN;
    }

    /** A member signed up and logged in through the API, with a password the browser can log in with. */
    private Member member(String name) {
        return api.signUp(handle(name), name.toUpperCase(), "password-" + handle(name));
    }

    private List<Member> members(String... names) {
        return Stream.of(names).map(this::member).toList();
    }

    /** The reader's window, logged in, its banner's stream connected. */
    private Ui windowOf(Member reader) {
        Ui ui = new Ui(browsers.open(reader.handle()), dailyfeed.baseUrl()).open();
        ui.logIn(reader.handle(), reader.password());
        ui.awaitLive();
        return ui;
    }

    /** `reader` follows each followee, and the activity service knows it (the member feed answers 200 from then). */
    private void follow(Member reader, List<Member> followees) {
        for (Member followee : followees) {
            api.follow(reader, followee.id()).expect(204);
            await().atMost(Ui.PATIENCE)
                    .until(() -> api.memberActivities(reader, followee.id()).status() == 200);
        }
    }

    private long postBy(Member author, String title) {
        return api.createPost(author, title, "About " + title + ".").expect(201).id();
    }

    private static String groupKeyOfTheOnlyLine(Ui ui) {
        return ui.until(d -> {
            List<WebElement> lines = d.findElements(By.cssSelector("#banner-list > li"));
            return lines.size() == 1 ? lines.get(0).getAttribute("data-group-key") : null;
        });
    }

    private static long listReads(Ui ui) {
        return (Long) ui.js(LiveBannerIntegrationTests.LIST_READS);
    }

    @Test
    void followeesWhoLikedOnePostAreOneLineThatNamesTheNewestAndCountsTheOthers() {
        Member rita = member("rita");
        Member paul = member("paul"); // not followed: his post itself is not rita's news
        List<Member> likers = members("lea", "max", "ned", "ola");
        follow(rita, likers);
        long postId = postBy(paul, "Summit");
        Ui ui = windowOf(rita);

        likers.forEach(liker -> api.likePost(liker, postId).expect(204));

        ui.awaitBannerCount(4); // the count is of activities, not of lines
        assertThat(ui.driver.findElement(By.id("banner-toggle")).getText()).contains("4 new activities");
        ui.openBanner();
        String liked = handle("ola") + ", " + handle("ned") + ", " + handle("max") + " and 1 other liked 'Summit'";
        ui.until(d -> ui.bannerLines().equals(List.of(liked)));
        WebElement line = ui.driver.findElement(By.cssSelector("#banner-list > li"));
        assertThat(line.getAttribute("data-type")).isEqualTo("POST_LIKED");
        assertThat(line.getAttribute("data-count")).isEqualTo("4");
        assertThat(line.findElement(By.cssSelector(".object")).getAttribute("href"))
                .endsWith("#/posts/" + postId);
        ui.awaitBannerCount(0);
        Browsers.screenshot(ui.driver, "banner-group");

        // the group's own activities, one line each, newest first
        line.findElement(By.cssSelector("button.show-all")).click();
        List<String> each = ui.until(d -> {
            List<String> shown = d.findElements(By.cssSelector("#banner-list .group-activities > li > .words")).stream()
                    .map(WebElement::getText)
                    .toList();
            return shown.size() == 4 ? shown : null;
        });
        assertThat(each)
                .containsExactly(Stream.of("ola", "ned", "max", "lea")
                        .map(name -> handle(name) + " liked 'Summit'")
                        .toArray(String[]::new));
    }

    @Test
    void aLikeArrivingWhileTheBannerIsOpenMergesIntoItsGroupsLine() {
        Member rosa = member("rosa");
        Member pia = member("pia");
        List<Member> likers = members("abe", "bea", "cid");
        Member dot = member("dot");
        follow(rosa, Stream.concat(likers.stream(), Stream.of(dot)).toList());
        long postId = postBy(pia, "Picnic");
        likers.forEach(liker -> api.likePost(liker, postId).expect(204));
        Ui ui = windowOf(rosa);
        ui.awaitBannerCount(3);
        ui.openBanner();
        ui.until(d -> ui.bannerLines()
                .equals(List.of(handle("cid") + ", " + handle("bea") + " and " + handle("abe") + " liked 'Picnic'")));
        String groupKey = groupKeyOfTheOnlyLine(ui);
        ui.js("window.e2eSamePage = true"); // gone if anything reloads the page
        long listReads = listReads(ui);

        api.likePost(dot, postId).expect(204);

        String merged = handle("dot") + ", " + handle("cid") + ", " + handle("bea") + " and 1 other liked 'Picnic'";
        ui.until(d -> ui.bannerLines().equals(List.of(merged)));
        assertThat(groupKeyOfTheOnlyLine(ui)).as("the same group's line").isEqualTo(groupKey);
        assertThat(ui.driver.findElement(By.cssSelector("#banner-list > li")).getAttribute("data-count"))
                .isEqualTo("4");
        assertThat(listReads(ui)).as("the group was read, not the whole list").isEqualTo(listReads);
        assertThat(ui.js("return window.e2eSamePage === true")).as("no reload").isEqualTo(true);
    }

    @Test
    void aLikeUndoneTheSameDayLeavesNoLineLiveOrAfterAReload() {
        Member rudi = member("rudi");
        Member pam = member("pam");
        Member sam = member("sam");
        follow(rudi, List.of(sam));
        long postId = postBy(pam, "Kite");
        Ui ui = windowOf(rudi);
        ui.openBanner();

        api.likePost(sam, postId).expect(204);
        ui.until(d -> ui.bannerLines().equals(List.of(handle("sam") + " liked 'Kite'")));
        api.unlikePost(sam, postId).expect(204);
        ui.until(d -> ui.bannerLines().isEmpty());

        // something later, so that a list read again is told from one not read yet
        api.createPost(sam, "After the kite", "Windy.").expect(201);
        List<String> after = List.of(handle("sam") + " posted 'After the kite'");
        ui.until(d -> ui.bannerLines().equals(after));
        ui.reload();
        ui.awaitLoggedIn();
        ui.openBanner();
        ui.until(d -> ui.bannerLines().equals(after));
        assertThat(api.get("/api/activities/followings/groups?size=20", rudi.token())
                        .expect(200)
                        .page()
                        .items())
                .as("neither the like nor the unlike is a group")
                .singleElement()
                .satisfies(group -> assertThat(group.path("type").asString()).isEqualTo("POST_CREATED"));
    }

    @Test
    void aboutYouSaysWhoLikedAndCommentedOnYourPostAndWhoFollowedYouAlsoMembersYouDoNotFollow() {
        Member uma = member("uma");
        Member wes = member("wes"); // followed by uma
        Member vic = member("vic"); // not followed
        follow(uma, List.of(wes));
        long postId = postBy(uma, "Garden");
        api.likePost(wes, postId).expect(204);
        api.comment(vic, postId, "Lovely tomatoes!").expect(201);
        api.likePost(vic, postId).expect(204);
        api.follow(vic, uma.id()).expect(204);
        // about-me has no stream: it is read when the banner opens
        await().atMost(Ui.PATIENCE)
                .until(() -> api.get("/api/activities/about-me", uma.token())
                                .expect(200)
                                .page()
                                .items()
                                .size()
                        == 4);
        Ui ui = windowOf(uma);

        ui.openBanner();
        ui.until(d -> ui.bannerLines().equals(List.of(handle("wes") + " liked 'Garden'"))); // vic is not followed
        ui.driver.findElement(By.id("banner-tab-about-me")).click();
        List<String> aboutUma = ui.until(d -> {
            List<String> shown = d.findElements(By.cssSelector("#about-me-list > li > .words")).stream()
                    .map(WebElement::getText)
                    .toList();
            return shown.size() == 4
                            && shown.stream().allMatch(text -> text.contains("'Garden'") || text.endsWith("you"))
                    ? shown
                    : null;
        });

        assertThat(aboutUma)
                .containsExactly(
                        handle("vic") + " followed you",
                        handle("vic") + " liked your post 'Garden'",
                        handle("vic") + " commented on your post 'Garden': “Lovely tomatoes!”",
                        handle("wes") + " liked your post 'Garden'");
        assertThat(ui.driver.findElement(By.id("banner-list")).isDisplayed())
                .as("one tab at a time")
                .isFalse();
        Browsers.screenshot(ui.driver, "about-you");
        ui.driver
                .findElement(By.cssSelector("#about-me-list li[data-type=MEMBER_FOLLOWED] a.object"))
                .click();
        ui.until(d -> d.getCurrentUrl().endsWith("#/members/" + uma.id()));
    }
}
