package dailyfeed.e2e;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One member's browser window on the web UI, in the words a user would use. */
final class Ui {

    /** Generous, for a shared machine; every wait still asserts within it. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    final WebDriver driver;
    private final String baseUrl;

    Ui(WebDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    Ui open() {
        driver.get(baseUrl + "/");
        return this;
    }

    /** Follows an in-page link the way a click does: the hash changes, the page is not reloaded. */
    void go(String hash) {
        js("location.hash = arguments[0]", hash);
    }

    void reload() {
        driver.navigate().refresh();
    }

    void signUp(String handle, String displayName, String password) {
        WebElement form = visible(By.id("signup-form"));
        type(form, "handle", handle);
        type(form, "displayName", displayName);
        type(form, "password", password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    void logIn(String handle, String password) {
        WebElement form = visible(By.id("login-form"));
        type(form, "handle", handle);
        type(form, "password", password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        awaitLoggedIn();
    }

    void awaitLoggedIn() {
        visible(By.id("logout"));
        visible(By.id("banner-toggle"));
    }

    /** The logged-in member's id, from the link to their own page. */
    long myId() {
        String href = visible(By.id("me-link")).getAttribute("href");
        return Long.parseLong(href.substring(href.lastIndexOf('/') + 1));
    }

    /** The bearer token the page holds for its member. */
    String token() {
        return (String) js("return JSON.parse(sessionStorage.getItem('dailyfeed.session')).token");
    }

    /** Writes a post with the home page's form and waits until it is listed. */
    void writePost(String title, String content) {
        go("#/");
        WebElement form = visible(By.cssSelector("#composer form"));
        type(form, "title", title);
        type(form, "content", content);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        until(d -> d.findElements(By.cssSelector("#my-posts .post-title")).stream()
                .anyMatch(element -> element.getText().equals(title)));
    }

    /** Opens a post of the home page's list by its title. */
    void openMyPost(String title) {
        go("#/");
        until(d -> d.findElements(By.cssSelector("#my-posts .post-card")).stream()
                .filter(card -> card.findElements(By.cssSelector(".post-title")).stream()
                        .anyMatch(element -> element.getText().equals(title)))
                .findFirst()
                .map(card -> {
                    card.findElement(By.cssSelector(".post-link")).click();
                    return true;
                })
                .orElse(false));
        visible(By.cssSelector("#post .post-content"));
    }

    /** Comments on the open post and waits until the comment is shown. */
    void comment(String text) {
        WebElement form = visible(By.cssSelector("#new-comment form"));
        type(form, "content", text);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        until(d -> commentTexts().contains(text));
    }

    List<String> commentTexts() {
        return driver.findElements(By.cssSelector("#comments .comment-content")).stream()
                .map(WebElement::getText)
                .toList();
    }

    int bannerCount() {
        return Integer.parseInt(visible(By.id("banner-count")).getText().trim());
    }

    void awaitBannerCount(int expected) {
        until(d -> bannerCount() == expected);
    }

    /** True once the banner's event stream is connected. */
    void awaitLive() {
        until(ExpectedConditions.attributeToBe(By.cssSelector(".live-dot"), "data-status", "open"));
    }

    void openBanner() {
        visible(By.id("banner-toggle")).click();
        visible(By.id("banner-panel"));
    }

    /** The banner's lines in words, top first (a group's own listed activities are not lines of the banner). */
    List<String> bannerLines() {
        return driver.findElements(By.cssSelector("#banner-list > li > .words")).stream()
                .map(WebElement::getText)
                .toList();
    }

    WebElement visible(By locator) {
        return until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until `condition` gives a value other than null or false; parts re-rendered meanwhile are looked up again. */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static void type(WebElement form, String name, String text) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(text);
    }
}
