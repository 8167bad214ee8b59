package dailyfeed.activity;

import dailyfeed.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Drives activity-service's HTTP API as a client would, with tokens from {@link TestTokens}. */
public final class ActivityApi {

    public static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    private final RestTestClient client;

    public ActivityApi(int port) {
        this.client = RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build();
    }

    public RestTestClient client() {
        return client;
    }

    public static String memberBearer(long memberId) {
        return "Bearer " + TestTokens.member(memberId, "member" + memberId, "Member " + memberId);
    }

    public static String serviceBearer() {
        return "Bearer " + TestTokens.service("activities.write");
    }

    public RestTestClient.ResponseSpec get(String uri, long memberId) {
        return client.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, memberBearer(memberId))
                .exchange();
    }

    /** A page that must answer 200. */
    public Map<String, Object> page(String uri, long memberId) {
        return get(uri, memberId)
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    public static List<String> eventIds(Map<String, Object> page) {
        return items(page).stream().map(item -> (String) item.get("eventId")).toList();
    }
}
