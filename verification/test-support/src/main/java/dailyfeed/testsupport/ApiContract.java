package dailyfeed.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client that checks every exchange against the service's own OpenAPI description ({@code /v3/api-docs}, read once)
 * with Atlassian's swagger-request-validator, and fails the test on any mismatch. Every answer must be one the
 * description allows (status, content type, body schema, nullability, headers); a request the service accepted (2xx)
 * must be one the description allows too. A request refused on purpose (a 400, a 401) is not itself checked: the
 * point is that its answer is described.
 */
public final class ApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http;
    private final OpenApiInteractionValidator validator;
    private final String description;

    private ApiContract(String baseUrl, HttpClient http, String description) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.description = description;
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(description)
                .build();
    }

    /** The contract of the service listening on {@code port}, read from its {@code /v3/api-docs}. */
    public static ApiContract ofServiceAt(int port) {
        return of("http://localhost:" + port, "/v3/api-docs");
    }

    /**
     * The contract read from {@code descriptionPath} at {@code baseUrl}, for calls to {@code baseUrl}: a service's own,
     * or one the gateway serves ({@code /v3/api-docs/member}) for calls through the gateway.
     */
    public static ApiContract of(String baseUrl, String descriptionPath) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> docs = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + descriptionPath))
                            .timeout(TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (docs.statusCode() != 200) {
                throw new AssertionError("GET " + descriptionPath + " answered " + docs.statusCode());
            }
            return new ApiContract(baseUrl, http, docs.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The description as the service served it (OpenAPI JSON). */
    public String description() {
        return description;
    }

    public Call get(String pathAndQuery) {
        return new Call("GET", pathAndQuery);
    }

    public Call post(String pathAndQuery) {
        return new Call("POST", pathAndQuery);
    }

    public Call put(String pathAndQuery) {
        return new Call("PUT", pathAndQuery);
    }

    public Call delete(String pathAndQuery) {
        return new Call("DELETE", pathAndQuery);
    }

    /** One request to make; {@link #send()} makes it and checks the exchange. */
    public final class Call {

        private final String method;
        private final String pathAndQuery;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;

        private Call(String method, String pathAndQuery) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
        }

        public Call bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Call basic(String user, String password) {
            String pair = user + ":" + password;
            return header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body: a string as it is, anything else as Jackson writes it. */
        public Call json(Object value) {
            header("Content-Type", "application/json");
            try {
                body = value instanceof String text ? text : JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
            return this;
        }

        /** A form body ({@code a=b&c=d}, already encoded). */
        public Call form(String encoded) {
            header("Content-Type", "application/x-www-form-urlencoded");
            body = encoded;
            return this;
        }

        /** Makes the request and fails unless the answer, and an accepted request, match the description. */
        public Answer send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                    .timeout(TIMEOUT)
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Answer answer = new Answer(response.statusCode(), response.headers(), response.body());
            check(answer);
            return answer;
        }

        private void check(Answer answer) {
            Request request = validatorRequest();
            var validatorResponse = validatorResponse(answer);
            ValidationReport report = answer.status() / 100 == 2
                    ? validator.validate(request, validatorResponse)
                    : validator.validateResponse(request.getPath(), request.getMethod(), validatorResponse);
            if (report.hasErrors()) {
                List<String> messages = new ArrayList<>();
                report.getMessages().forEach(message -> messages.add(message.toString()));
                throw new AssertionError(method + " " + pathAndQuery + " answered " + answer.status()
                        + " outside the OpenAPI description:\n  " + String.join("\n  ", messages)
                        + "\nbody: " + answer.body());
            }
        }

        private Request validatorRequest() {
            int question = pathAndQuery.indexOf('?');
            String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
            var builder = new SimpleRequest.Builder(method, path);
            headers.forEach(builder::withHeader);
            if (body != null) {
                builder.withBody(body);
            }
            if (question >= 0) {
                for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                    int equals = pair.indexOf('=');
                    String name = equals < 0 ? pair : pair.substring(0, equals);
                    String value = equals < 0 ? "" : pair.substring(equals + 1);
                    builder.withQueryParam(decode(name), decode(value));
                }
            }
            return builder.build();
        }

        private static SimpleResponse validatorResponse(Answer answer) {
            var builder = SimpleResponse.Builder.status(answer.status());
            answer.headers().map().forEach(builder::withHeader);
            if (!answer.body().isEmpty()) {
                builder.withBody(answer.body());
            }
            return builder.build();
        }

        private static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }

    /** What the service answered. */
    public record Answer(int status, HttpHeaders headers, String body) {

        /** This answer, if its status is {@code expected}; else the test fails, showing the body. */
        public Answer expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        /** The value at a JSONPath of the body, e.g. {@code $.id}. */
        public <T> T read(String path) {
            return JsonPath.read(body, path);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }
}
