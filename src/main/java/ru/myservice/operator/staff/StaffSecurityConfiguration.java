package ru.myservice.operator.staff;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import ru.myservice.config.OutboundHttp;
import ru.myservice.config.SiteProperties;
import ru.myservice.signin.PageSecurityHeaders;

/**
 * The console's own door, in front of the customers' chain: staff sign in through Casdoor's OpenID
 * Connect (authorization code with PKCE S256, a Casdoor application of its own) into a staff session
 * of their own (see {@link StaffSessions}). Nothing here reads or creates a customer's HTTP session.
 * Without {@code OPERATOR_CLIENT_ID} every console address is «not found».
 */
@Configuration
class StaffSecurityConfiguration {

    static final String REGISTRATION = "casdoor";
    static final String SIGNED_OUT = "/operator/signed-out";
    static final String[] CONSOLE = {"/operator", "/operator/**"};

    @Bean
    StaffSessions staffSessions(JdbcClient jdbc, Clock clock, OperatorProperties settings, SiteProperties site) {
        return new StaffSessions(jdbc, clock, settings.idleTimeout(), settings.maxAge(), https(site));
    }

    @Bean
    StaffSigninRequests staffSigninRequests(JdbcClient jdbc, Clock clock, SiteProperties site) {
        return new StaffSigninRequests(jdbc, clock, https(site));
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(
            HttpSecurity http,
            OperatorProperties settings,
            SiteProperties site,
            StaffSessions sessions,
            StaffSigninRequests signinRequests,
            CsrfTokenRepository csrfTokens,
            PageSecurityHeaders headers)
            throws Exception {
        http.securityMatcher(CONSOLE);
        if (!settings.enabled()) {
            return headers.apply(switchedOff(http)).build();
        }
        ClientRegistration registration = registration(settings, site);
        var registrations = new InMemoryClientRegistrationRepository(registration);
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/operator/oauth2/authorization");
        // A confidential client, yet PKCE too: Casdoor checks it (S256 only), and a stolen code is useless alone.
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        var casdoorApi = httpClient(settings);
        JwtDecoder idTokens = idTokenDecoder(settings, registration);

        http.authorizeHttpRequests(requests -> requests.requestMatchers(StaffGate.PAGE, SIGNED_OUT)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, CONSOLE)
                        .hasAuthority(StaffAuthentication.LOOK)
                        .requestMatchers(HttpMethod.HEAD, CONSOLE)
                        .hasAuthority(StaffAuthentication.LOOK)
                        // Every other method changes something: read-only members are refused, forged form or not.
                        .anyRequest()
                        .hasAuthority(StaffAuthentication.ACT))
                .securityContext(context -> context.securityContextRepository(new StaffContexts(sessions)))
                .sessionManagement(management -> management.disable())
                .requestCache(cache -> cache.disable())
                .oauth2Login(login -> login.loginPage(StaffGate.SIGNIN)
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(DISCARD)
                        .authorizationEndpoint(endpoint -> endpoint.baseUri("/operator/oauth2/authorization")
                                .authorizationRequestResolver(resolver)
                                .authorizationRequestRepository(signinRequests))
                        .redirectionEndpoint(endpoint -> endpoint.baseUri("/operator/login/oauth2/code/*"))
                        .tokenEndpoint(token -> token.accessTokenResponseClient(tokenClient(settings)))
                        .userInfoEndpoint(
                                userInfo -> userInfo.oidcUserService(new StaffUserService(settings, casdoorApi)))
                        .withObjectPostProcessor(
                                new ObjectPostProcessor<OidcAuthorizationCodeAuthenticationProvider>() {
                                    @Override
                                    public <O extends OidcAuthorizationCodeAuthenticationProvider> O postProcess(
                                            O provider) {
                                        provider.setJwtDecoderFactory(client -> idTokens);
                                        return provider;
                                    }
                                })
                        .successHandler((request, response, authentication) -> response.sendRedirect("/operator"))
                        .failureHandler(StaffGate::failed))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .logout(logout -> logout.logoutUrl("/operator/signout")
                        // A customer session in the same browser is theirs to end, not the console's.
                        .invalidateHttpSession(false)
                        .addLogoutHandler((request, response, authentication) -> sessions.close(request, response))
                        .logoutSuccessUrl(SIGNED_OUT))
                .exceptionHandling(errors ->
                        errors.authenticationEntryPoint(StaffGate::commence).accessDeniedHandler(StaffGate::denied));
        return headers.apply(http).build();
    }

    /** The console is off: every address under it is «not found», as if it did not exist. */
    private static HttpSecurity switchedOff(HttpSecurity http) throws Exception {
        Filter notFound = (request, response, chain) -> ((HttpServletResponse) response).sendError(404);
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .securityContext(context -> context.disable())
                .sessionManagement(management -> management.disable())
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .addFilterAfter(notFound, HeaderWriterFilter.class);
    }

    private static ClientRegistration registration(OperatorProperties settings, SiteProperties site) {
        return ClientRegistration.withRegistrationId(REGISTRATION)
                .clientName("Casdoor")
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(site.siteBase() + "/operator/login/oauth2/code/{registrationId}")
                // profile brings the groups into userinfo, email the address (contract §5).
                .scope("openid", "profile", "email")
                .authorizationUri(settings.authorizationUri())
                .tokenUri(settings.tokenUri())
                .userInfoUri(settings.userInfoUri())
                .userNameAttributeName("sub")
                .jwkSetUri(settings.jwksUri())
                .issuerUri(settings.issuerBase())
                .providerConfigurationMetadata(Map.of("end_session_endpoint", settings.endSessionUri()))
                .build();
    }

    /**
     * Casdoor's ID token is its access token (contract §5): RS256 only, {@code iss} exactly {@code AUTH_URL},
     * our client in {@code aud} and {@code azp}, the nonce (checked by Spring), and an access token, never a
     * refresh token.
     */
    private static JwtDecoder idTokenDecoder(OperatorProperties settings, ClientRegistration registration) {
        var rest = new RestTemplate(OutboundHttp.requestFactory(settings.connectTimeout(), settings.readTimeout()));
        var decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwksUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .restOperations(rest)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(settings.issuerBase()),
                new OidcIdTokenValidator(registration),
                StaffSecurityConfiguration::accessToken));
        decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
        return decoder;
    }

    private static OAuth2TokenValidatorResult accessToken(Jwt token) {
        boolean access = "access-token".equals(token.getClaimAsString("tokenType")) && !token.hasClaim("TokenType");
        return access
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(
                        new OAuth2Error("invalid_id_token", "Not a Casdoor access token", null));
    }

    private static RestClientAuthorizationCodeTokenResponseClient tokenClient(OperatorProperties settings) {
        var client = new RestClientAuthorizationCodeTokenResponseClient();
        List<HttpMessageConverter<?>> converters =
                List.of(new FormHttpMessageConverter(), new OAuth2AccessTokenResponseHttpMessageConverter());
        client.setRestClient(RestClient.builder()
                .requestFactory(OutboundHttp.requestFactory(settings.connectTimeout(), settings.readTimeout()))
                .messageConverters(converters)
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        return client;
    }

    private static RestClient httpClient(OperatorProperties settings) {
        return RestClient.builder()
                .requestFactory(OutboundHttp.requestFactory(settings.connectTimeout(), settings.readTimeout()))
                .build();
    }

    private static boolean https(SiteProperties site) {
        return "https".equals(site.siteUrl().getScheme());
    }

    /** Nothing keeps Casdoor's tokens after sign-in: the console never calls Casdoor as the staff member. */
    private static final OAuth2AuthorizedClientRepository DISCARD = new OAuth2AuthorizedClientRepository() {
        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(
                String clientRegistrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                OAuth2AuthorizedClient authorizedClient,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String clientRegistrationId,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}
    };
}
