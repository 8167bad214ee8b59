package dailyfeed.member.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dailyfeed.platform.security.ApiSecurity;
import dailyfeed.platform.security.Scopes;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two filter chains: the OAuth2 authorization server (service tokens at {@code /oauth2/token}, the JWKS at
 * {@code /.well-known/jwks.json}), and the member API, which validates tokens against the same keys locally.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String JWKS_PATH = "/.well-known/jwks.json";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
        var authorizationServer = new OAuth2AuthorizationServerConfigurer();
        return http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        return ApiSecurity.statelessBearerApi(http)
                .authorizeHttpRequests(requests -> requests.requestMatchers(ApiSecurity.PUBLIC_ENDPOINTS)
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/members", "/api/auth/login")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .hasAuthority(Scopes.MEMBER_AUTHORITY)
                        .requestMatchers(HttpMethod.GET, "/actuator/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasAuthority(Scopes.OPERATIONS_AUTHORITY)
                        .anyRequest()
                        .denyAll())
                .build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        JWKSet signing = new JWKSet(keys.current());
        return (selector, context) -> selector.select(signing);
    }

    @Bean
    JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource) {
        return new NimbusJwtEncoder(jwkSource);
    }

    /** Verifies tokens with the local keys (no HTTP round trip to ourselves), accepting RS256 and our issuer only. */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, SecuritySettings settings) {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwkSource));
        var decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(settings.issuer()));
        return decoder;
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SecuritySettings settings) {
        return AuthorizationServerSettings.builder()
                .issuer(settings.issuer())
                .jwkSetEndpoint(JWKS_PATH)
                .build();
    }

    @Bean
    RegisteredClientRepository serviceClients(
            ServiceClientsSettings clients, SecuritySettings settings, PasswordEncoder passwords) {
        return new InMemoryRegisteredClientRepository(clients.scoped().stream()
                .map(scoped -> RegisteredClient.withId(UUID.randomUUID().toString())
                        .clientId(scoped.client().id())
                        .clientSecret(passwords.encode(scoped.client().secret()))
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .scope(scoped.scope())
                        .tokenSettings(TokenSettings.builder()
                                .accessTokenTimeToLive(settings.serviceTokenTtl())
                                .build())
                        .build())
                .toList());
    }

    /**
     * Argon2id, salted and memory-hard; the {@code {argon2}} prefix lets a later algorithm take over gradually. At most
     * {@code concurrentPasswordHashes} run at once (sign-up, login and the client secrets of {@code /oauth2/token}).
     */
    @Bean
    PasswordEncoder passwordEncoder(SecuritySettings settings) {
        return new BoundedPasswordEncoder(
                new DelegatingPasswordEncoder(
                        "argon2", Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8())),
                settings.concurrentPasswordHashes());
    }
}
