package dailyfeed.member.auth;

import dailyfeed.platform.openapi.ProblemResponses;
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
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Describes the two endpoints that Spring Authorization Server's filters serve, which springdoc cannot see (they are
 * no controllers): the token endpoint (client credentials, HTTP Basic, OAuth 2.0 answers, not problem+json) and the
 * JWKS. Marked {@link ProblemResponses#OWN_ERRORS}, so the shared problem answers are not added to them.
 */
@Component
class AuthorizationServerDescription implements OpenApiCustomizer {

    static final String TOKEN_PATH = "/oauth2/token";
    private static final String CLIENT_SCHEME = "serviceClient";
    private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    private static final String TAG = "authorization-server";

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents()
                .addSecuritySchemes(
                        CLIENT_SCHEME,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("basic")
                                .description("A service client's id and secret (the token endpoint only)."));
        api.getComponents().addSchemas("ServiceToken", serviceTokenSchema());
        api.getComponents().addSchemas("OAuthError", oauthErrorSchema());
        api.getComponents().addSchemas("JwkSet", jwkSetSchema());
        api.path(TOKEN_PATH, new PathItem().post(tokenOperation()));
        api.path(SecurityConfiguration.JWKS_PATH, new PathItem().get(jwksOperation()));
    }

    private static Operation tokenOperation() {
        ObjectSchema form = new ObjectSchema();
        form.addProperty("grant_type", new StringSchema()._enum(List.of("client_credentials")));
        form.addProperty(
                "scope",
                new StringSchema()
                        .description("`activities.write` or `operations`: one the client is granted (default: all"
                                + " it is granted)."));
        form.required(List.of("grant_type"));
        return new Operation()
                .addTagsItem(TAG)
                .operationId("issueServiceToken")
                .extensions(new HashMap<>(Map.of(ProblemResponses.OWN_ERRORS, true)))
                .summary("A service token (OAuth 2.0 client credentials)")
                .description("The client authenticates with HTTP Basic. Errors follow OAuth 2.0 (`{\"error\": ...}`),"
                        + " not problem+json, except the gateway's 429.")
                .security(List.of(new SecurityRequirement().addList(CLIENT_SCHEME)))
                .requestBody(new RequestBody()
                        .required(true)
                        .content(new Content()
                                .addMediaType(
                                        org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                                        new MediaType().schema(form))))
                .responses(new ApiResponses()
                        .addApiResponse("200", json("A service token, valid for 10 minutes.", "ServiceToken"))
                        .addApiResponse(
                                "400",
                                json(
                                        "`invalid_request`, `unsupported_grant_type`, or `invalid_scope` for a scope the"
                                                + " client is not granted.",
                                        "OAuthError"))
                        .addApiResponse("401", json("`invalid_client`: unknown client or wrong secret.", "OAuthError"))
                        .addApiResponse(
                                "429",
                                new ApiResponse()
                                        .description("Past the token requests of an address (the gateway's rate"
                                                + " limit, 30 a minute).")
                                        .addHeaderObject(
                                                "Retry-After",
                                                new Header()
                                                        .description("Whole seconds to wait.")
                                                        .schema(new IntegerSchema()))
                                        .content(ProblemResponses.problemContent())));
    }

    private static Operation jwksOperation() {
        return new Operation()
                .addTagsItem(TAG)
                .operationId("publicKeys")
                .extensions(new HashMap<>(Map.of(ProblemResponses.OWN_ERRORS, true)))
                .summary("The public keys that verify every token (JWKS)")
                .description("The active key, the next one, and retired ones while tokens they signed may still be"
                        + " valid.")
                .security(List.of())
                .responses(new ApiResponses().addApiResponse("200", json("The key set.", "JwkSet")));
    }

    private static ApiResponse json(String description, String schema) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))));
    }

    private static Schema<?> serviceTokenSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.addProperty("access_token", new StringSchema().description("For `Authorization: Bearer`."));
        schema.addProperty("token_type", new StringSchema()._enum(List.of("Bearer")));
        schema.addProperty("expires_in", new IntegerSchema().description("Seconds until it expires."));
        schema.addProperty("scope", new StringSchema());
        schema.required(List.of("access_token", "token_type", "expires_in", "scope"));
        return schema;
    }

    private static Schema<?> oauthErrorSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.description("An OAuth 2.0 error (RFC 6749, section 5.2).");
        schema.addProperty("error", new StringSchema());
        schema.addProperty("error_description", new StringSchema());
        schema.addProperty("error_uri", new StringSchema());
        schema.required(List.of("error"));
        return schema;
    }

    private static Schema<?> jwkSetSchema() {
        ObjectSchema key = new ObjectSchema();
        key.description("An RSA public key (RFC 7517); no private parts.");
        key.addProperty("kty", new StringSchema()._enum(List.of("RSA")));
        key.addProperty("kid", new StringSchema().description("Named by the `kid` of the tokens it signed."));
        key.addProperty("use", new StringSchema()._enum(List.of("sig")));
        key.addProperty("alg", new StringSchema()._enum(List.of("RS256")));
        key.addProperty("n", new StringSchema());
        key.addProperty("e", new StringSchema());
        key.required(List.of("kty", "kid", "n", "e"));
        ObjectSchema set = new ObjectSchema();
        set.addProperty("keys", new ArraySchema().items(key));
        set.required(List.of("keys"));
        return set;
    }
}
