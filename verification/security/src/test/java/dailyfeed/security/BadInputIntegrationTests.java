package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import dailyfeed.harness.ServiceClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.instancio.junit.InstancioExtension;
import org.instancio.junit.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Part 4 of issue 7: every endpoint of API.md, through the gateway, gets malformed JSON, wrong types, missing and extra
 * fields, oversize bodies, boundary lengths, hostile Unicode and injection strings — generated (Instancio, fixed seed)
 * and from a hand list. Always a 4xx problem+json or a correct 2xx; accepted text reads back identical; a rejected
 * write changes nothing.
 */
@Order(1)
@ExtendWith(InstancioExtension.class)
class BadInputIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = SuiteSystem.shared();

    static GatewayClient gateway;
    static Member author;
    static Member other;
    static long postId;
    static long commentId;
    static String serviceToken;

    @BeforeAll
    static void members() {
        gateway = Recorded.gateway(dailyfeed.baseUrl());
        author = Credentials.signUp(gateway, "author");
        other = Credentials.signUp(gateway, "other");
        postId = gateway.createPost(author, "the post", "its content")
                .expect(201)
                .id();
        commentId = gateway.comment(author, postId, "the comment").expect(201).id();
        serviceToken = gateway.serviceToken(Credentials.registrationClient(dailyfeed), "activities.write");
        System.out.printf(
                "Generated inputs: seed %d, %d cases per generated test and field (-Dsecurity.samples)%n",
                Generated.SEED, Generated.SAMPLES);
    }

    /** An endpoint with a JSON body: how to call it and a valid body to break. */
    record BodyEndpoint(String name, String method, String target, Supplier<String> token, Map<String, Object> valid) {

        Answer send(String body) {
            return gateway.json(method, target, token.get(), body);
        }
    }

    static List<BodyEndpoint> bodyEndpoints() {
        return List.of(
                new BodyEndpoint(
                        "POST /api/members",
                        "POST",
                        "/api/members",
                        () -> null,
                        Json.object(
                                Map.entry("handle", Credentials.uniqueHandle("typed")),
                                Map.entry("displayName", "Typed"),
                                Map.entry("password", Credentials.newPassword()))),
                new BodyEndpoint(
                        "POST /api/auth/login",
                        "POST",
                        "/api/auth/login",
                        () -> null,
                        Json.object(
                                Map.entry("handle", Credentials.uniqueHandle("nobody")),
                                Map.entry("password", Credentials.newPassword()))),
                new BodyEndpoint(
                        "POST /api/posts",
                        "POST",
                        "/api/posts",
                        () -> author.token(),
                        Json.object(Map.entry("title", "t"), Map.entry("content", "c"))),
                new BodyEndpoint(
                        "PUT /api/posts/{id}",
                        "PUT",
                        "/api/posts/" + postId,
                        () -> author.token(),
                        Json.object(Map.entry("title", "the post"), Map.entry("content", "its content"))),
                new BodyEndpoint(
                        "POST /api/posts/{id}/comments",
                        "POST",
                        "/api/posts/" + postId + "/comments",
                        () -> author.token(),
                        Json.object(Map.entry("content", "c"))),
                new BodyEndpoint(
                        "PUT /api/comments/{id}",
                        "PUT",
                        "/api/comments/" + commentId,
                        () -> author.token(),
                        Json.object(Map.entry("content", "the comment"))),
                new BodyEndpoint(
                        "PUT /api/activities/followings/seen",
                        "PUT",
                        "/api/activities/followings/seen",
                        () -> author.token(),
                        Json.object(
                                Map.entry("until", Instant.now().minusSeconds(5).toString()))),
                new BodyEndpoint(
                        "POST /api/activities",
                        "POST",
                        "/api/activities",
                        () -> serviceToken,
                        activity(author, "summary")));
    }

    static Map<String, Object> activity(Member actor, String summary) {
        return Json.object(
                Map.entry("eventId", UUID.randomUUID().toString()),
                Map.entry("type", "POST_CREATED"),
                Map.entry("occurredAt", Instant.now().toString()),
                Map.entry(
                        "actor",
                        Json.object(
                                Map.entry("id", actor.id()),
                                Map.entry("handle", actor.handle()),
                                Map.entry("displayName", "Member " + actor.handle()))),
                Map.entry("postId", postId),
                Map.entry("summary", summary),
                Map.entry("schemaVersion", 1));
    }

    /**
     * What a rejected write must leave as it was: the author's newest post (a refused create would be it), the post
     * (text, {@code updatedAt}, {@code commentCount}) and its first comment (the one edits are aimed at).
     */
    static String contentState() {
        StringBuilder state = new StringBuilder();
        for (String target : List.of(
                "/api/posts?authorId=" + author.id() + "&size=1",
                "/api/posts/" + postId,
                "/api/posts/" + postId + "/comments?size=1")) {
            Answer answer = gateway.get(target, author.token());
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            state.append(answer.body());
        }
        return state.toString();
    }

    static final List<String> MALFORMED_JSON = List.of(
            "{",
            "}",
            "{\"content\":",
            "{\"content\":\"unterminated",
            "{\"content\":\"x\"}}",
            "{\"content\":\"x\"} trailing",
            "{'content':'single quotes'}",
            "{\"content\":\"x\",}",
            "{\"content\" \"x\"}",
            "{content:\"x\"}",
            "{\"content\":\"\\uZZZZ\"}",
            "{\"content\":\"\\x41\"}",
            "{\"content\":\"raw \u0001 control\"}",
            "{\"content\":01}",
            "{\"title\":NaN,\"content\":\"x\"}",
            // far deeper than the parser allows, yet under the 64 KiB body limit (above it the answer is a 413)
            "[".repeat(60_000),
            "{\"a\":".repeat(12_000),
            "nul",
            "tru",
            "\"just a string\"",
            "42",
            "[]",
            "[{\"content\":\"x\"}]",
            "{\"content\":\"x\"}\u0000",
            "/* comment */ {\"content\":\"x\"}");

    @Test
    void malformedJsonIsA400ProblemAndChangesNothing() {
        String before = contentState();
        for (BodyEndpoint endpoint : bodyEndpoints()) {
            for (String body : MALFORMED_JSON) {
                Answer answer = endpoint.send(body);
                Figures.hand(endpoint.name(), answer);
                Checks.clientErrorOrSuccess(answer, body);
                Checks.problem(answer, 400);
            }
            // bytes that are not UTF-8 at all, and a JSON document behind a byte order mark
            for (byte[] body : List.of(
                    new byte[] {'{', '"', 'c', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
                    new byte[] {
                        '{',
                        '"',
                        'c',
                        'o',
                        'n',
                        't',
                        'e',
                        'n',
                        't',
                        '"',
                        ':',
                        '"',
                        (byte) 0xED,
                        (byte) 0xA0,
                        (byte) 0x80,
                        '"',
                        '}'
                    },
                    new byte[] {(byte) 0xC3, '{', '}'})) {
                Answer answer = gateway.send(
                        endpoint.method(), endpoint.target(), endpoint.token().get(), body, "application/json");
                Figures.hand(endpoint.name(), answer);
                Checks.problem(answer, 400);
                Checks.noInternals(answer);
            }
            // a body that is not JSON by its media type
            for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
                Answer answer = gateway.send(
                        endpoint.method(),
                        endpoint.target(),
                        endpoint.token().get(),
                        Json.write(endpoint.valid()).getBytes(StandardCharsets.UTF_8),
                        contentType);
                Figures.hand(endpoint.name(), answer);
                Checks.clientErrorOrSuccess(answer);
                assertThat(answer.status()).as("%s", answer).isIn(400, 415);
            }
        }
        assertThat(contentState()).isEqualTo(before);
    }

    static final List<Object> WRONG_VALUES = Arrays.asList(
            null,
            0,
            -1,
            1.5,
            9_223_372_036_854_775_807L,
            true,
            List.of(),
            List.of("a"),
            Map.of(),
            Map.of("nested", "object"),
            "",
            " ",
            "not-a-date",
            "2026-13-45T99:99:99Z");

    @Test
    void wrongTypesAndMissingFieldsAreRejectedOrStoredConsistently() {
        for (BodyEndpoint endpoint : bodyEndpoints()) {
            for (String field : endpoint.valid().keySet()) {
                List<Map<String, Object>> variants = new ArrayList<>();
                Map<String, Object> missing = new LinkedHashMap<>(endpoint.valid());
                missing.remove(field);
                variants.add(missing);
                for (Object wrong : WRONG_VALUES) {
                    Map<String, Object> body = new LinkedHashMap<>(endpoint.valid());
                    body.put(field, wrong);
                    variants.add(body);
                }
                boolean writesContent = endpoint.target().startsWith("/api/posts")
                        || endpoint.target().startsWith("/api/comments");
                for (Map<String, Object> body : variants) {
                    String before = writesContent ? contentState() : null;
                    Answer answer = endpoint.send(Json.write(body));
                    Figures.hand(endpoint.name(), answer);
                    Checks.clientErrorOrSuccess(answer, Json.write(body));
                    if (answer.status() >= 400 && writesContent) {
                        assertThat(contentState())
                                .as("a rejected %s changes nothing", endpoint.name())
                                .isEqualTo(before);
                    }
                    if (answer.status() < 300) {
                        storedAsAnswered(endpoint, answer);
                    }
                }
            }
        }
        // a sign-up that was refused stored nothing: its handle is still free
        String handle = Credentials.uniqueHandle("refused");
        Answer refused = gateway.json(
                "POST",
                "/api/members",
                null,
                Json.write(Json.object(
                        Map.entry("handle", handle),
                        Map.entry("displayName", List.of()),
                        Map.entry("password", Credentials.newPassword()))));
        Checks.problem(refused, 400);
        Answer later = gateway.json(
                "POST",
                "/api/members",
                null,
                Json.write(Map.of("handle", handle, "displayName", "Later", "password", Credentials.newPassword())));
        assertThat(later.status()).as("%s", later).isEqualTo(201);
    }

    @Test
    void extraFieldsAreIgnoredAndCannotSetWhatTheServerOwns() {
        Map<String, Object> extra = Json.object(
                Map.entry("id", 987_654_321L),
                Map.entry("authorId", other.id()),
                Map.entry("likeCount", 1000),
                Map.entry("commentCount", 1000),
                Map.entry("createdAt", "2000-01-01T00:00:00Z"),
                Map.entry("postId", 1),
                Map.entry("isAdmin", true),
                Map.entry("role", "admin"),
                Map.entry("__proto__", Map.of("x", 1)),
                Map.entry("unknown", "field"));
        Map<String, Object> post = new LinkedHashMap<>(extra);
        post.putAll(Map.of("title", "extra", "content", "extra fields"));
        Answer created = gateway.json("POST", "/api/posts", author.token(), Json.write(post));
        Figures.hand("POST /api/posts", created);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode stored = Json.read(
                gateway.get("/api/posts/" + Json.read(created.body()).path("id").asLong(), other.token())
                        .body());
        assertThat(stored.path("authorId").asLong()).isEqualTo(author.id());
        assertThat(stored.path("id").asLong()).isNotEqualTo(987_654_321L);
        assertThat(stored.path("likeCount").asInt()).isZero();
        assertThat(stored.path("commentCount").asInt()).isZero();
        assertThat(stored.path("createdAt").asString()).doesNotStartWith("2000");

        Map<String, Object> comment = new LinkedHashMap<>(extra);
        comment.put("content", "extra fields");
        Answer commented =
                gateway.json("POST", "/api/posts/" + postId + "/comments", other.token(), Json.write(comment));
        Figures.hand("POST /api/posts/{id}/comments", commented);
        assertThat(commented.status()).as("%s", commented).isEqualTo(201);
        JsonNode storedComment = Json.read(commented.body());
        assertThat(storedComment.path("authorId").asLong()).isEqualTo(other.id());
        assertThat(storedComment.path("postId").asLong()).isEqualTo(postId);
        assertThat(storedComment.path("likeCount").asInt()).isZero();

        Map<String, Object> member = new LinkedHashMap<>(extra);
        member.putAll(Map.of(
                "handle",
                Credentials.uniqueHandle("extra"),
                "displayName",
                "Extra",
                "password",
                Credentials.newPassword(),
                "followerCount",
                1000,
                "passwordHash",
                "{argon2}forged"));
        Answer signedUp = gateway.json("POST", "/api/members", null, Json.write(member));
        Figures.hand("POST /api/members", signedUp);
        assertThat(signedUp.status()).as("%s", signedUp).isEqualTo(201);
        JsonNode profile = Json.read(gateway.get(
                        "/api/members/" + Json.read(signedUp.body()).path("id").asLong(), other.token())
                .body());
        assertThat(profile.path("followerCount").asInt()).isZero();
        assertThat(profile.path("id").asLong()).isNotEqualTo(987_654_321L);
        assertThat(gateway.memberToken((String) member.get("handle"), (String) member.get("password")))
                .isNotBlank();
    }

    /** Every length rule of API.md at its limit (accepted, read back identical) and one past it (400), in code points. */
    @Test
    void lengthsAreCountedInCharactersAsApiMdSaysAndCheckedAtTheLimit() {
        for (String unit : List.of("a", "😀", "\u05D0", "\uD835\uDD7F")) {
            // post title ≤ 200, content 1..5000
            assertStoredExactly(
                    "POST /api/posts",
                    Generated.repeatToCodePoints(unit, 200),
                    Generated.repeatToCodePoints(unit, 5000));
            rejectedWithField(
                    "POST /api/posts",
                    "/api/posts",
                    Json.object(Map.entry("title", Generated.repeatToCodePoints(unit, 201)), Map.entry("content", "c")),
                    "title");
            rejectedWithField(
                    "POST /api/posts",
                    "/api/posts",
                    Json.object(Map.entry("content", Generated.repeatToCodePoints(unit, 5001))),
                    "content");
            rejectedWithField(
                    "PUT /api/posts/{id}",
                    "/api/posts/" + postId,
                    Json.object(Map.entry("content", Generated.repeatToCodePoints(unit, 5001))),
                    "content");
            // comment content 1..1000, written and edited
            String longest = Generated.repeatToCodePoints(unit, 1000);
            Answer comment = gateway.json(
                    "POST",
                    "/api/posts/" + postId + "/comments",
                    author.token(),
                    Json.writeAscii(Map.of("content", longest)));
            Figures.hand("POST /api/posts/{id}/comments", comment);
            assertThat(comment.status()).as("%s", comment).isEqualTo(201);
            long id = Json.read(comment.body()).path("id").asLong();
            assertThat(commentContent(id)).isEqualTo(longest);
            Answer edit = gateway.json(
                    "PUT", "/api/comments/" + id, author.token(), Json.writeAscii(Map.of("content", longest)));
            Figures.hand("PUT /api/comments/{id}", edit);
            assertThat(edit.status()).as("%s", edit).isEqualTo(200);
            rejectedWithField(
                    "POST /api/posts/{id}/comments",
                    "/api/posts/" + postId + "/comments",
                    Map.of("content", Generated.repeatToCodePoints(unit, 1001)),
                    "content");
            rejectedWithField(
                    "PUT /api/comments/{id}",
                    "/api/comments/" + id,
                    Map.of("content", Generated.repeatToCodePoints(unit, 1001)),
                    "content");
            assertThat(commentContent(id)).isEqualTo(longest);
            // display name 1..50 after trimming (stored trimmed), password 8..128
            String name = Generated.repeatToCodePoints(unit, 50);
            Member named = signUpExpecting(201, "  " + name + "\t", Generated.repeatToCodePoints(unit, 128));
            assertThat(Json.read(gateway.get("/api/members/" + named.id(), author.token())
                                    .body())
                            .path("displayName")
                            .asString())
                    .isEqualTo(name);
            signUpExpecting(201, "n", Generated.repeatToCodePoints(unit, 8));
            signUpExpecting(400, Generated.repeatToCodePoints(unit, 51), Credentials.newPassword());
            signUpExpecting(400, "n", Generated.repeatToCodePoints(unit, 7));
            signUpExpecting(400, "n", Generated.repeatToCodePoints(unit, 129));
        }
        // handle ^[a-z0-9_]{3,30}$
        for (int length : new int[] {2, 3, 30, 31}) {
            String handle = (Credentials.uniqueHandle("h") + "_".repeat(40)).substring(0, length);
            Answer answer = gateway.json(
                    "POST",
                    "/api/members",
                    null,
                    Json.write(Map.of("handle", handle, "displayName", "H", "password", Credentials.newPassword())));
            Figures.hand("POST /api/members", answer);
            Checks.clientErrorOrSuccess(answer, handle);
            assertThat(answer.status())
                    .as("handle of %d: %s", length, answer)
                    .isEqualTo(length >= 3 && length <= 30 ? 201 : 400);
        }
    }

    private static Member signUpExpecting(int status, String displayName, String password) {
        String handle = Credentials.uniqueHandle("len");
        Answer answer = gateway.json(
                "POST",
                "/api/members",
                null,
                Json.writeAscii(Map.of("handle", handle, "displayName", displayName, "password", password)));
        Figures.hand("POST /api/members", answer);
        Checks.clientErrorOrSuccess(answer, displayName, displayName.strip());
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        if (status != 201) {
            return null;
        }
        // the password is the one sent, to the last code point: logging in with it works
        return new Member(
                Json.read(answer.body()).path("id").asLong(), handle, password, gateway.memberToken(handle, password));
    }

    private static void assertStoredExactly(String endpoint, String title, String content) {
        Answer created = gateway.json(
                "POST",
                "/api/posts",
                author.token(),
                Json.writeAscii(Json.object(Map.entry("title", title), Map.entry("content", content))));
        Figures.hand(endpoint, created);
        Checks.clientErrorOrSuccess(created, title, content);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode stored = Json.read(
                gateway.get("/api/posts/" + Json.read(created.body()).path("id").asLong(), other.token())
                        .body());
        assertThat(stored.path("title").asString()).isEqualTo(title);
        assertThat(stored.path("content").asString()).isEqualTo(content);
    }

    private static void rejectedWithField(String endpoint, String target, Map<String, Object> body, String field) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String before = contentState();
        Answer answer = gateway.json(method, target, author.token(), Json.writeAscii(body));
        Figures.hand(endpoint, answer);
        Checks.noInternals(answer, body.values().stream().map(String::valueOf).toArray(String[]::new));
        Checks.invalidField(answer, field);
        assertThat(contentState()).isEqualTo(before);
    }

    /** A comment as its post's list shows it (there is no GET of one comment), walking every page. */
    private static String commentContent(long id) {
        return commentContent(postId, id);
    }

    private static String commentContent(long post, long id) {
        String cursor = null;
        do {
            Answer answer = gateway.get(
                    "/api/posts/" + post + "/comments?size=100" + (cursor == null ? "" : "&cursor=" + cursor),
                    author.token());
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            JsonNode page = Json.read(answer.body());
            for (JsonNode comment : page.path("items")) {
                if (comment.path("id").asLong() == id) {
                    return comment.path("content").asString();
                }
            }
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asString();
        } while (cursor != null);
        throw new AssertionError("comment " + id + " is not listed");
    }

    /** Whether a body is above the 64 KiB every service and the gateway accept (http-api.md: a 413). */
    static boolean overBodyLimit(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length > 64 * 1024;
    }

    @Test
    void tenMegabyteBodiesAreRefusedWithoutHarm() {
        String before = contentState();
        String tenMegabytes = "x".repeat(10 * 1024 * 1024);
        String oversize = "y".repeat(200 * 1024);
        for (BodyEndpoint endpoint : bodyEndpoints()) {
            String firstField = endpoint.valid().keySet().iterator().next();
            for (String field : endpoint.valid().keySet()) {
                String value = field.equals(firstField) ? tenMegabytes : oversize;
                Map<String, Object> body = new LinkedHashMap<>(endpoint.valid());
                body.put(field, value);
                Answer answer = endpoint.send(Json.write(body));
                Figures.hand(endpoint.name(), answer);
                Checks.clientErrorOrSuccess(answer, value);
                assertThat(answer.status())
                        .as("%d characters of %s in %s: %s", value.length(), field, endpoint.name(), answer)
                        .isBetween(400, 499);
            }
            // a megabyte that never becomes a document: escapes without an end
            Answer garbage = gateway.send(
                    endpoint.method(),
                    endpoint.target(),
                    endpoint.token().get(),
                    ("{\"content\":\"" + "\\u0000".repeat(1024 * 1024 / 6)).getBytes(StandardCharsets.UTF_8),
                    "application/json");
            Figures.hand(endpoint.name(), garbage);
            Checks.problem(garbage, 413);
        }
        assertThat(contentState()).isEqualTo(before);
        assertThat(gateway.createPost(author, "after", "still writing")
                        .expect(201)
                        .json()
                        .path("content")
                        .asString())
                .isEqualTo("still writing");
    }

    /** Every entry of the hand list in every stored text field: valid text comes back exactly, the rest is a 400. */
    @Test
    void theHandListIsStoredExactlyOrRejected() {
        List<String> all = new ArrayList<>(NastyStrings.STORABLE);
        all.addAll(NastyStrings.UNSTORABLE);
        for (String text : all) {
            boolean storable = NastyStrings.STORABLE.contains(text);
            textProperty(text, storable, false);
        }
    }

    /** The same property over generated text: stored exactly when API.md's rules allow it, else a 400 that stores nothing. */
    @Test
    @Seed(Generated.SEED)
    void generatedTextIsStoredExactlyOrRejected() {
        for (String text : Generated.texts(Generated.SAMPLES, 60)) {
            textProperty(text, null, true);
        }
        for (String text : Generated.texts(Math.max(4, Generated.SAMPLES / 10), 5000)) {
            textProperty(text, null, true);
        }
    }

    /**
     * One text in every stored text field. {@code storable} says what the hand list expects; for generated text
     * (null) the expectation follows API.md's rules (lengths in code points, content not blank).
     */
    private static void textProperty(String text, Boolean storable, boolean generated) {
        boolean valid = storable != null ? storable : isStorable(text);
        int codePoints = Generated.codePoints(text);
        boolean blank = text.trim().isEmpty();

        // post content, with and without title, and as title
        Expect contentRule = expect(valid, codePoints >= 1 && codePoints <= 5000, blank);
        writeAndReadBack(
                generated,
                "POST /api/posts",
                "POST",
                "/api/posts",
                author,
                Json.object(Map.entry("content", text)),
                contentRule,
                "content",
                id -> "/api/posts/" + id);
        writeAndReadBack(
                generated,
                "POST /api/posts",
                "POST",
                "/api/posts",
                author,
                Json.object(Map.entry("title", text), Map.entry("content", "c")),
                expect(valid, codePoints <= 200, false),
                "title",
                id -> "/api/posts/" + id);
        writeAndReadBack(
                generated,
                "PUT /api/posts/{id}",
                "PUT",
                "/api/posts/" + postId,
                author,
                Json.object(Map.entry("title", "the post"), Map.entry("content", text)),
                contentRule,
                "content",
                id -> "/api/posts/" + postId);
        Expect commentRule = expect(valid, codePoints >= 1 && codePoints <= 1000, blank);
        long freshPost = gateway.createPost(other, "for comments", "comments on this post are read back from one page")
                .expect(201)
                .id();
        writeAndReadBack(
                generated,
                "POST /api/posts/{id}/comments",
                "POST",
                "/api/posts/" + freshPost + "/comments",
                other,
                Json.object(Map.entry("content", text)),
                commentRule,
                "content",
                id -> null);
        writeAndReadBack(
                generated,
                "PUT /api/comments/{id}",
                "PUT",
                "/api/comments/" + commentId,
                author,
                Json.object(Map.entry("content", text)),
                commentRule,
                "content",
                null);

        // a member with the text as display name (stored trimmed) and as password (proved by logging in with it), in
        // one sign-up: each one costs a deliberately slow Argon2 hash
        int nameLength = Generated.codePoints(text.strip());
        boolean nameOk = nameLength >= 1 && nameLength <= 50;
        // a short text is padded to a password's minimum, so the display name of a short text is still checked
        String password = codePoints < 8 ? text + " padding" : text;
        int passwordLength = Generated.codePoints(password);
        boolean passwordOk = passwordLength >= 8 && passwordLength <= 128;
        String handle = Credentials.uniqueHandle("text");
        Map<String, Object> signUp = Json.object(
                Map.entry("handle", handle), Map.entry("displayName", text), Map.entry("password", password));
        String signUpJson = Json.writeFaithfully(signUp, generated);
        Answer member = gateway.json("POST", "/api/members", null, signUpJson);
        record(generated, "POST /api/members", member);
        Checks.clientErrorOrSuccess(member, text, text.strip());
        if (overBodyLimit(signUpJson)) {
            // the text twice, escaped, can pass the body limit: then the whole body is refused, before any field
            Checks.problem(member, 413);
        } else if (!valid || !nameOk) {
            Checks.invalidField(member, "displayName");
        }
        if (!overBodyLimit(signUpJson) && (!valid || !passwordOk)) {
            Checks.invalidField(member, "password");
        }
        if (valid && nameOk && passwordOk) {
            assertThat(member.status()).as("accepted: %s", member).isEqualTo(201);
            JsonNode profile = Json.read(gateway.get(
                            "/api/members/"
                                    + Json.read(member.body()).path("id").asLong(),
                            other.token())
                    .body());
            assertThat(profile.path("displayName").asString())
                    .as("display name %s", Escaped.of(text))
                    .isEqualTo(text.strip());
            assertThat(gateway.memberToken(handle, password)).isNotBlank();
        }

        // a login with that text as handle or password: never a 5xx, never a token
        String loginJson = Json.writeFaithfully(Map.of("handle", text, "password", text), generated);
        Answer login = gateway.json("POST", "/api/auth/login", null, loginJson);
        record(generated, "POST /api/auth/login", login);
        Checks.clientErrorOrSuccess(login, text);
        assertThat(login.status())
                .as("%s", login)
                .isIn(overBodyLimit(loginJson) ? List.of(413) : List.of(400, 401, 429));

        // an activity registered by a service: summary and actor name kept exactly (read back by registering it again)
        // the summary's limit is the event contract's 140 UTF-16 units (API.md names none)
        Expect summaryRule = expect(valid, text.length() <= 140, false);
        Map<String, Object> activity = activity(author, text);
        String activityJson = Json.writeFaithfully(activity, generated);
        Answer registered = gateway.json("POST", "/api/activities", serviceToken, activityJson);
        record(generated, "POST /api/activities", registered);
        Checks.clientErrorOrSuccess(registered, text);
        if (overBodyLimit(activityJson)) {
            Checks.problem(registered, 413);
        } else {
            summaryRule.check(registered, "summary");
        }
        if (registered.status() == 201) {
            Answer again =
                    gateway.json("POST", "/api/activities", serviceToken, Json.writeFaithfully(activity, generated));
            assertThat(again.status()).as("%s", again).isEqualTo(200);
            assertThat(Json.read(again.body()).path("summary").asString())
                    .as("summary %s", Escaped.of(text))
                    .isEqualTo(text);
        }

        // the seen marker's instant
        Answer seen = gateway.json(
                "PUT",
                "/api/activities/followings/seen",
                author.token(),
                Json.writeFaithfully(Map.of("until", text), generated));
        record(generated, "PUT /api/activities/followings/seen", seen);
        Checks.clientErrorOrSuccess(seen, text);
    }

    static boolean isStorable(String text) {
        return !text.contains("\0")
                && text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static void record(boolean generated, String endpoint, Answer answer) {
        if (generated) {
            Figures.generated(endpoint, answer);
        } else {
            Figures.hand(endpoint, answer);
        }
    }

    /** What a text must get: 2xx, 400 naming the field, or either (a blank or otherwise undecided case). */
    record Expect(Boolean accepted) {

        void check(Answer answer, String field) {
            if (accepted == null) {
                return;
            }
            if (accepted) {
                assertThat(answer.status()).as("accepted: %s", answer).isBetween(200, 299);
            } else {
                Checks.invalidField(answer, field);
            }
        }
    }

    private static Expect expect(boolean storable, boolean lengthOk, boolean blank) {
        if (!storable || !lengthOk) {
            return new Expect(false);
        }
        return new Expect(blank ? null : true);
    }

    private static void writeAndReadBack(
            boolean generated,
            String endpoint,
            String method,
            String target,
            Member as,
            Map<String, Object> body,
            Expect rule,
            String field,
            Function<Long, String> readBack) {
        String text = String.valueOf(body.get(field));
        // what a rejection must leave unchanged; not needed where the rules say the write is accepted
        String before = Boolean.TRUE.equals(rule.accepted()) ? null : contentState();
        Answer answer = gateway.json(method, target, as.token(), Json.writeFaithfully(body, generated));
        record(generated, endpoint, answer);
        Checks.clientErrorOrSuccess(answer, text);
        rule.check(answer, field);
        if (answer.status() >= 400) {
            assertThat(before)
                    .as("%s was refused although the rules accept it: %s", Escaped.of(text), answer)
                    .isNotNull();
            assertThat(contentState())
                    .as("a rejected %s changes nothing", endpoint)
                    .isEqualTo(before);
            return;
        }
        JsonNode written = Json.read(answer.body());
        assertThat(written.path(field).asString())
                .as("%s %s as answered", field, Escaped.of(text))
                .isEqualTo(text);
        long id = written.path("id").asLong();
        String stored = readBack == null
                ? commentContent(id)
                : readBack.apply(id) == null
                        ? commentContent(written.path("postId").asLong(), id)
                        : Json.read(gateway.get(readBack.apply(id), other.token())
                                        .body())
                                .path(field)
                                .asString();
        assertThat(stored).as("%s %s as stored", field, Escaped.of(text)).isEqualTo(text);
    }

    /** Shows a text with its invisible characters as escapes, so a failure message says what was sent. */
    record Escaped(String text) {

        static Escaped of(String text) {
            return new Escaped(text);
        }

        @Override
        public String toString() {
            String json = Json.writeAscii(text);
            return json.length() > 300 ? json.substring(0, 300) + "...\"" : json;
        }
    }

    /** Things that cannot be ids, and junk query values, on every path and query of API.md. */
    @Test
    @Seed(Generated.SEED)
    void generatedPathAndQueryValuesAreRejectedAsProblems() {
        List<String> templates = List.of(
                "GET /api/members/{x}",
                "PUT /api/members/{x}/follow",
                "DELETE /api/members/{x}/follow",
                "GET /api/members/{x}/followings",
                "GET /api/members/{x}/followers",
                "GET /api/posts/{x}",
                "PUT /api/posts/{x}",
                "DELETE /api/posts/{x}",
                "POST /api/posts/{x}/comments",
                "GET /api/posts/{x}/comments",
                "PUT /api/comments/{x}",
                "DELETE /api/comments/{x}",
                "PUT /api/posts/{x}/like",
                "DELETE /api/posts/{x}/like",
                "PUT /api/comments/{x}/like",
                "DELETE /api/comments/{x}/like",
                "GET /api/activities/members/{x}",
                "GET /api/posts?authorId={x}",
                "GET /api/posts?authorId=1&size={x}",
                "GET /api/posts?authorId=1&cursor={x}",
                "GET /api/posts/1/comments?cursor={x}",
                "GET /api/members/1/followers?size={x}",
                "GET /api/members/1/followings?cursor={x}",
                "GET /api/activities/followings?types={x}",
                "GET /api/activities/followings?cursor={x}",
                "GET /api/activities/followings?size={x}",
                "GET /api/activities/members/1?cursor={x}",
                "GET /api/activities/followings/groups?types={x}",
                "GET /api/activities/followings/groups?cursor={x}",
                "GET /api/activities/followings/groups?size={x}",
                "GET /api/activities/followings/groups/{x}",
                "GET /api/activities/followings/groups/{x}/activities",
                "GET /api/activities/followings/groups/POST_LIKED-p1-2026-12-01/activities?cursor={x}",
                "GET /api/activities/about-me?types={x}",
                "GET /api/activities/about-me?cursor={x}",
                "GET /api/activities/about-me?size={x}");
        for (String template : templates) {
            for (int i = 0; i < Math.max(5, Generated.SAMPLES / 4); i++) {
                String value = Generated.notAnId();
                String method = template.substring(0, template.indexOf(' '));
                String target =
                        template.substring(template.indexOf(' ') + 1).replace("{x}", GatewayClient.encode(value));
                Answer answer = gateway.send(
                        method,
                        target,
                        other.token(),
                        method.equals("PUT") || method.equals("POST")
                                ? "{\"content\":\"c\",\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8)
                                : null,
                        "application/json");
                Figures.generated(template, answer);
                Checks.clientErrorOrSuccess(answer, value, GatewayClient.encode(value));
            }
        }
    }

    /**
     * What Tomcat or Spring Security's firewall refuses before any controller runs (an encoded slash, backslash, NUL
     * or '%', a ';', bytes that are not UTF-8) is a problem too: it was Tomcat's HTML page or Boot's error JSON.
     */
    @Test
    void pathsRefusedBeforeAnyControllerAreProblemsToo() {
        for (String segment : List.of(
                "%00", "%2F", "%5C", "%ff", "%C0%AF", "%25", "1;x=y", "%3B", "..%2F..%2Fetc%2Fpasswd", "%2e%2e")) {
            for (String prefix : List.of(
                    "/api/posts/", "/api/members/", "/api/activities/members/", "/api/activities/followings/groups/")) {
                Answer answer = gateway.get(prefix + segment, other.token());
                Figures.hand("GET " + prefix + "{x} (refused early)", answer);
                Checks.clientErrorOrSuccess(answer, segment);
                assertThat(answer.status()).as("%s", answer).isBetween(400, 404);
            }
        }
    }

    /**
     * The token endpoint answers errors as RFC 6749 says ({@code application/json} with an {@code error} code, not
     * problem+json): checked for a 4xx, no internals and no token.
     */
    @Test
    void theTokenEndpointRefusesBadRequestsWithoutATokenOrInternals() {
        ServiceClient client = Credentials.registrationClient(dailyfeed);
        String basic = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((client.id() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
        List<String> forms = List.of(
                "",
                "grant_type=",
                "grant_type=password&username=x&password=y",
                "grant_type=client_credentials&scope=admin",
                "grant_type=client_credentials&scope=activities.write%00",
                "grant_type=authorization_code&code=x",
                "grant_type=client_credentials&scope=" + "a".repeat(200_000),
                "%%%");
        for (String form : forms) {
            for (Map<String, String> auth : List.of(Map.<String, String>of(), Map.of("Authorization", basic))) {
                Answer answer = gateway.send(
                        "POST",
                        "/oauth2/token",
                        form.getBytes(StandardCharsets.UTF_8),
                        "application/x-www-form-urlencoded",
                        auth);
                Figures.hand("POST /oauth2/token", answer);
                assertThat(answer.status())
                        .as("form %s: %s", form.length() > 80 ? form.substring(0, 80) : form, answer)
                        .isIn(overBodyLimit(form) ? List.of(413) : List.of(400, 401));
                assertThat(answer.body()).as("%s", answer).doesNotContain("access_token");
                Checks.noInternals(answer, form);
            }
        }
        Answer json = gateway.send(
                "POST",
                "/oauth2/token",
                "{\"grant_type\":\"client_credentials\"}".getBytes(StandardCharsets.UTF_8),
                "application/json",
                Map.of("Authorization", basic));
        Figures.hand("POST /oauth2/token", json);
        assertThat(json.status()).as("%s", json).isBetween(400, 415);
        Checks.noInternals(json);
        Answer keys =
                gateway.get("/.well-known/jwks.json?kid=%27%20OR%201%3D1&x=" + GatewayClient.encode("😀\u202E"), null);
        Figures.hand("GET /.well-known/jwks.json", keys);
        assertThat(keys.status()).isEqualTo(200);
    }

    private static void storedAsAnswered(BodyEndpoint endpoint, Answer answer) {
        if (endpoint.name().contains("/api/posts")
                && !endpoint.name().contains("comments")
                && !answer.body().isBlank()) {
            JsonNode post = Json.read(answer.body());
            assertThat(post.path("authorId").asLong()).isEqualTo(author.id());
            JsonNode stored =
                    Json.read(gateway.get("/api/posts/" + post.path("id").asLong(), other.token())
                            .body());
            assertThat(stored.path("content")).isEqualTo(post.path("content"));
            assertThat(stored.path("title")).isEqualTo(post.path("title"));
        }
    }
}
