package ru.myservice.spend.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import ru.myservice.config.ApiProblems;
import ru.myservice.spend.SpendCaller.Right;

/**
 * The spend API's own security chain, ahead of the browser chain: {@code /api/v1/**} is for programs holding a
 * Casdoor bearer token, so it keeps no session, reads no cookie and needs no CSRF token. Reading takes the
 * {@code read} right; anything else {@code charge} or {@code refund}, and the endpoint then checks which one.
 */
@Configuration
class SpendSecurityConfiguration {

    static final String SPEND_API = "/api/v1/**";

    private static final Logger log = LoggerFactory.getLogger(SpendSecurityConfiguration.class);

    @Bean
    @Order(1)
    SecurityFilterChain spendApi(HttpSecurity http, SpendTokenProperties settings, Clock clock, ApiProblems problems)
            throws Exception {
        SpendClients clients = settings.allowedClients();
        var provider = new JwtAuthenticationProvider(decoder(settings, clients, clock));
        provider.setJwtAuthenticationConverter(new SpendCallers(clients, settings.organization()));
        AuthenticationManager tokens = authentication -> {
            try {
                return provider.authenticate(authentication);
            } catch (AuthenticationServiceException e) {
                // The decoder could not get at the keys; the token itself was never judged.
                throw new SpendRefusals.KeysUnavailable(e);
            }
        };
        var refusals = new SpendRefusals(problems);
        String read = SpendAuthentication.authority(Right.READ);
        http.securityMatcher(SPEND_API)
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET)
                        .hasAuthority(read)
                        .requestMatchers(HttpMethod.HEAD)
                        .hasAuthority(read)
                        .anyRequest()
                        .hasAnyAuthority(
                                SpendAuthentication.authority(Right.CHARGE),
                                SpendAuthentication.authority(Right.REFUND)))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(bearer -> bearer.jwt(jwt -> jwt.authenticationManager(tokens))
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
        return http.build();
    }

    private static CasdoorTokenDecoder decoder(SpendTokenProperties settings, SpendClients clients, Clock clock) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(settings.algorithm());
        JWKSource<SecurityContext> keys;
        String source;
        if (settings.certFile().isEmpty()) {
            keys = SigningKeys.fromKeySet(settings.jwksUri(), settings.connectTimeout(), settings.readTimeout());
            source = "Casdoor's key set " + settings.jwksUri();
        } else {
            keys = SigningKeys.fromCertificateFile(Path.of(settings.certFile()), settings.certName(), algorithm);
            source = "the certificate in " + settings.certFile();
        }
        if (clients.isEmpty()) {
            log.warn("Spend API: SPEND_CLIENTS is empty, so {} refuses every caller", SPEND_API);
        } else {
            log.info(
                    "Spend API: {} tokens of certificate {} issued by {}, checked with {}; clients {}",
                    algorithm,
                    settings.certName(),
                    settings.expectedIssuer(),
                    source,
                    clients);
        }
        return new CasdoorTokenDecoder(keys, algorithm, settings.certName(), settings.expectedIssuer(), clients, clock);
    }
}
