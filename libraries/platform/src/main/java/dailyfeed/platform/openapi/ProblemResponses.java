package dailyfeed.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Set;

/**
 * The answers every operation can give besides its own, each as RFC 9457 problem+json ({@value #PROBLEM_SCHEMA}):
 * 400 where there is input to break a rule, 401 and 403 where a token is required, 413 where there is a body, 429 for
 * the writes the gateway rate-limits, 503 and 500 everywhere. What only some operations answer (201, 404, 409, a
 * member's 429) they state themselves with {@code @ApiResponse}; this gives those error answers their problem body
 * too, whatever springdoc guessed for them.
 */
public class ProblemResponses {

    /** The schema of every error body in {@code components.schemas}. */
    public static final String PROBLEM_SCHEMA = "ProblemDetail";

    public static final String PROBLEM_JSON = "application/problem+json";

    /**
     * Marks an operation a service describes whole, errors included (an OAuth 2.0 endpoint): left as it is. Customizers
     * run in no set order, so such an operation may be there before this one runs.
     */
    public static final String OWN_ERRORS = "x-dailyfeed-own-errors";

    private static final String FIELD_PROBLEM_SCHEMA = "FieldProblem";
    private static final Set<PathItem.HttpMethod> WRITES = Set.of(
            PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    ProblemResponses() {}

    /** Adds the problem schema and completes every operation's answers. */
    public void customise(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.components(components);
        components.addSchemas(FIELD_PROBLEM_SCHEMA, fieldProblemSchema());
        components.addSchemas(PROBLEM_SCHEMA, problemSchema());
        boolean securedByDefault =
                api.getSecurity() != null && !api.getSecurity().isEmpty();
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .values()
                .forEach(path -> path.readOperationsMap()
                        .forEach((method, operation) -> complete(method, operation, securedByDefault)));
    }

    private static void complete(PathItem.HttpMethod method, Operation operation, boolean securedByDefault) {
        if (operation.getExtensions() != null && operation.getExtensions().containsKey(OWN_ERRORS)) {
            return;
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.responses(responses);
        boolean hasParameters =
                operation.getParameters() != null && !operation.getParameters().isEmpty();
        boolean hasBody = operation.getRequestBody() != null;
        boolean secured = operation.getSecurity() == null
                ? securedByDefault
                : !operation.getSecurity().isEmpty();
        if (hasParameters || hasBody) {
            responses.putIfAbsent(
                    "400",
                    new ApiResponse()
                            .description("A field breaks a rule (`errors` names each), or the body is not JSON of the"
                                    + " expected shape (no `errors`)."));
        }
        if (secured) {
            responses.putIfAbsent(
                    "401",
                    new ApiResponse()
                            .description("No valid bearer token: missing, malformed, expired, or not meant for this"
                                    + " service."));
            responses.putIfAbsent(
                    "403", new ApiResponse().description("The token is valid but may not do this (its scope)."));
        }
        if (hasBody) {
            responses.putIfAbsent(
                    "413", new ApiResponse().description("The body is larger than 64 KiB; nothing was changed."));
        }
        if (WRITES.contains(method)) {
            responses.putIfAbsent(
                    "429",
                    new ApiResponse()
                            .description("Too many writes from this address: the gateway's rate limit. Nothing was"
                                    + " done; retry after `Retry-After` seconds."));
        }
        responses.putIfAbsent(
                "503",
                new ApiResponse()
                        .description("A dependency is down (the database, the outbox, the signing keys); nothing was"
                                + " changed. Retry after `Retry-After` seconds."));
        responses.putIfAbsent(
                "500", new ApiResponse().description("Something unexpected; the details are in the service log."));
        responses.forEach(ProblemResponses::asProblem);
    }

    /** An error answer's body is a problem, whatever springdoc derived from the method's return type. */
    private static void asProblem(String code, ApiResponse response) {
        if (!code.startsWith("4") && !code.startsWith("5")) {
            return;
        }
        response.content(problemContent());
        switch (code) {
            case "401" ->
                response.addHeaderObject(
                        "WWW-Authenticate",
                        new Header()
                                .description("`Bearer`, with the reason where there is one.")
                                .schema(new StringSchema()));
            case "429", "503" ->
                response.addHeaderObject(
                        "Retry-After",
                        new Header().description("Whole seconds to wait.").schema(new IntegerSchema()));
            default -> {}
        }
    }

    /** A problem+json body, for the operations a service describes by hand. */
    public static Content problemContent() {
        return new Content()
                .addMediaType(
                        PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
    }

    private static Schema<?> problemSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.description("An RFC 9457 problem.");
        schema.addProperty("type", new StringSchema().description("`about:blank`: the status says what happened."));
        schema.addProperty("title", new StringSchema());
        schema.addProperty("status", new IntegerSchema());
        schema.addProperty(
                "detail", new StringSchema().description("What happened, in the client's terms; never a stack trace."));
        schema.addProperty("instance", new StringSchema().description("The path of the request, where known."));
        schema.addProperty(
                "errors",
                new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/" + FIELD_PROBLEM_SCHEMA))
                        .description("On a 400 for broken rules: each rejected field."));
        schema.required(List.of("type", "title", "status", "detail"));
        return schema;
    }

    private static Schema<?> fieldProblemSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.description("One rejected field of a request.");
        schema.addProperty("field", new StringSchema());
        schema.addProperty("message", new StringSchema());
        schema.required(List.of("field", "message"));
        return schema;
    }
}
