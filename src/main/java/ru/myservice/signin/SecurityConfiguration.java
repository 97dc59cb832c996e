package ru.myservice.signin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;
import ru.myservice.config.ApiProblems;
import ru.myservice.config.ContentSecurityPolicySource;
import ru.myservice.config.OutboundHttp;
import ru.myservice.config.SiteProperties;

@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final LoginUrlAuthenticationEntryPoint TO_SIGNIN = new LoginUrlAuthenticationEntryPoint("/signin");

    private static final LoginUrlAuthenticationEntryPoint TO_SIGNIN_ENDED =
            new LoginUrlAuthenticationEntryPoint(PageAccessDenied.SESSION_ENDED);

    /**
     * No observation around each security filter, authentication and authorization: they cost a
     * noticeable share of every request's CPU and nobody reads them. Requests are still observed as a
     * whole (the HTTP server metrics on the management port).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ProviderRegistrations providerRegistrations(SigninProperties settings, SiteProperties site) {
        return new ProviderRegistrations(settings, site);
    }

    @Bean
    SigninAccounts signinAccounts(AccountService accounts, SigninProperties settings) {
        var factory = OutboundHttp.requestFactory(settings.connectTimeout(), settings.readTimeout());
        var profiles = new ProviderProfiles(
                RestClient.builder().requestFactory(factory).build(), settings);
        var userInfo = new DefaultOAuth2UserService();
        var rest = new RestTemplate(factory);
        rest.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        userInfo.setRestOperations(rest);
        var oidc = new OidcUserService();
        oidc.setOauth2UserService(userInfo);
        return new SigninAccounts(accounts, profiles, oidc);
    }

    /**
     * The code exchange with a timeout, and VK ID's {@code device_id}: VK hands it to our callback
     * and refuses the exchange without it (contract §1.2), but Spring keeps only code and state.
     */
    @Bean
    OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenResponseClient(
            SigninProperties settings) {
        var client = new RestClientAuthorizationCodeTokenResponseClient();
        List<HttpMessageConverter<?>> converters =
                List.of(new FormHttpMessageConverter(), new OAuth2AccessTokenResponseHttpMessageConverter());
        client.setRestClient(RestClient.builder()
                .requestFactory(OutboundHttp.requestFactory(settings.connectTimeout(), settings.readTimeout()))
                .messageConverters(converters)
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        client.addParametersConverter(grant -> {
            var parameters = new LinkedMultiValueMap<String, String>();
            if (Provider.VK.id().equals(grant.getClientRegistration().getRegistrationId())
                    && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
                String deviceId = attributes.getRequest().getParameter("device_id");
                if (deviceId != null) {
                    parameters.add("device_id", deviceId);
                }
            }
            return parameters;
        });
        return client;
    }

    /**
     * ID-token checks as Spring's default factory does them, but fetching the keys with our timeouts;
     * Telegram's tokens go through a decoder that accepts its numeric {@code aud}.
     */
    @Bean
    JwtDecoderFactory<ClientRegistration> idTokenDecoderFactory(SigninProperties settings) {
        var factory = OutboundHttp.requestFactory(settings.connectTimeout(), settings.readTimeout());
        var rest = new RestTemplate(factory);
        var http = RestClient.builder().requestFactory(factory).build();
        // One decoder per provider, kept: each caches its provider's signing keys.
        Map<String, JwtDecoder> decoders = new java.util.concurrent.ConcurrentHashMap<>();
        return registration -> decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
            var validator = new DelegatingOAuth2TokenValidator<>(
                    JwtValidators.createDefault(), new OidcIdTokenValidator(registration));
            String jwkSetUri = registration.getProviderDetails().getJwkSetUri();
            if (Provider.TELEGRAM.id().equals(registration.getRegistrationId())) {
                return new TelegramIdTokenDecoder(
                        jwkSetUri, http, OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter(), validator);
            }
            var decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
                    .restOperations(rest)
                    .build();
            decoder.setJwtValidator(validator);
            decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
            return decoder;
        });
    }

    /** One CSRF token store for the filter chain and for sign-ins completed outside it (Telegram, e-mail). */
    @Bean
    CsrfTokenRepository csrfTokens(SiteProperties site) {
        return CsrfCookie.repository(site.siteUrl());
    }

    /** Our own styles, scripts and pictures, which every page loads: public, and never a page's session. */
    static final String[] STATIC_FILES = {"/css/**", "/js/**", "/img/**", "/favicon.ico"};

    /**
     * The static files get the pages' headers and nothing else: no session is read or created for them
     * (a signed-in browser sends its cookie with each), no CSRF token, no saved request. Only GET and
     * HEAD reach them; anything else is refused by the file handler.
     */
    @Bean
    @Order(0)
    SecurityFilterChain staticFiles(HttpSecurity http, PageSecurityHeaders headers) throws Exception {
        http.securityMatcher(STATIC_FILES)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .securityContext(context -> context.disable())
                .sessionManagement(sessions -> sessions.disable())
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable());
        return headers.apply(http).build();
    }

    /** The headers of every page and file: the content security policy, referrer policy, no framing. */
    @Bean
    PageSecurityHeaders pageSecurityHeaders(
            ProviderRegistrations registrations, List<ContentSecurityPolicySource> cspSources) {
        return new PageSecurityHeaders(contentSecurityPolicy(registrations, cspSources));
    }

    @Bean
    SecurityFilterChain web(
            HttpSecurity http,
            ProviderRegistrations registrations,
            SigninAccounts signinAccounts,
            OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenClient,
            SigninHandlers handlers,
            SiteProperties site,
            Clock clock,
            PageSecurityHeaders headers,
            ApiProblems problems,
            CsrfTokenRepository csrfTokens)
            throws Exception {
        var defaults = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        // Unpadded state: VK's SDKs accept only [A-Za-z0-9_-] (contract §1.2); PKCE stays on (Spring's default).
        defaults.setAuthorizationRequestCustomizer(request -> request.state(newState()));
        OAuth2AuthorizationRequestResolver resolver = new KnownProvidersOnly(defaults, registrations);

        http.authorizeHttpRequests(requests -> requests.requestMatchers("/signin", "/signin/**", "/error")
                        .permitAll()
                        // Served only on the management port, which is never published.
                        .requestMatchers("/actuator/**")
                        .permitAll()
                        // YooKassa's notifications: checked by sender address and re-fetched, never trusted.
                        .requestMatchers(HttpMethod.POST, "/api/payment/webhook")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2Login(login -> login.loginPage("/signin")
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(new DiscardingAuthorizedClientRepository())
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                        .tokenEndpoint(token -> token.accessTokenResponseClient(tokenClient))
                        .userInfoEndpoint(userInfo ->
                                userInfo.userService(signinAccounts.oauth2()).oidcUserService(signinAccounts.oidc()))
                        .successHandler(handlers::onSuccess)
                        .failureHandler(handlers::onFailure))
                // The management port has no browser sessions to protect; the public port serves no /actuator.
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .ignoringRequestMatchers("/actuator/**", "/api/payment/webhook"))
                .logout(logout -> logout.logoutUrl("/signout")
                        .logoutSuccessUrl("/signin?signedOut")
                        .deleteCookies("SESSION"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                                DelegatingAuthenticationEntryPoint.builder()
                                        // The page's JSON calls get a problem they can act on, pages a way to sign in.
                                        .addEntryPointFor(
                                                (request, response, e) -> problems.send(
                                                        request, response, HttpStatus.UNAUTHORIZED, "session_expired"),
                                                PathPatternRequestMatcher.withDefaults()
                                                        .matcher("/api/**"))
                                        .defaultEntryPoint(SecurityConfiguration::toSignin)
                                        .build())
                        // Pages and JSON calls alike learn whether to sign in again or reload.
                        .accessDeniedHandler(new RequestMatcherDelegatingAccessDeniedHandler(
                                new LinkedHashMap<>(Map.of(
                                        PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                                        new ApiAccessDenied(problems))),
                                new PageAccessDenied())))
                .addFilterAfter(
                        new SessionLifetimeFilter(site.session().maxAge(), clock), SecurityContextHolderFilter.class);
        return headers.apply(http).build();
    }

    /**
     * Pages load only our own scripts and styles, plus what modules add (the payment widget's host).
     * Avatars come from the providers' CDNs, so images may come from any https host (and from the
     * providers themselves, which in the sandbox are local). Forms may post to us and be redirected on
     * to the configured providers.
     */
    static String contentSecurityPolicy(
            Iterable<ClientRegistration> registrations, List<ContentSecurityPolicySource> additions) {
        Map<String, Set<String>> directives = new LinkedHashMap<>();
        directives.put("default-src", new LinkedHashSet<>(List.of("'self'")));
        directives.put("script-src", new LinkedHashSet<>(List.of("'self'")));
        directives.put("style-src", new LinkedHashSet<>(List.of("'self'")));
        directives.put("img-src", new LinkedHashSet<>(List.of("'self'", "https:", "data:")));
        directives.put("connect-src", new LinkedHashSet<>(List.of("'self'")));
        directives.put("frame-src", new LinkedHashSet<>(List.of("'none'")));
        directives.put("frame-ancestors", new LinkedHashSet<>(List.of("'none'")));
        directives.put("base-uri", new LinkedHashSet<>(List.of("'self'")));
        directives.put("object-src", new LinkedHashSet<>(List.of("'none'")));
        directives.put("form-action", new LinkedHashSet<>(List.of("'self'")));
        for (ClientRegistration registration : registrations) {
            var uri = java.net.URI.create(registration.getProviderDetails().getAuthorizationUri());
            String origin = uri.getScheme() + "://" + uri.getAuthority();
            directives.get("img-src").add(origin);
            directives.get("form-action").add(origin);
        }
        for (var addition : additions) {
            addition.sources().forEach((directive, sources) -> {
                Set<String> current = directives.computeIfAbsent(directive, d -> new LinkedHashSet<>());
                current.remove("'none'");
                current.addAll(sources);
            });
        }
        StringBuilder policy = new StringBuilder();
        directives.forEach((directive, sources) -> policy.append(policy.isEmpty() ? "" : "; ")
                .append(directive)
                .append(' ')
                .append(String.join(" ", sources)));
        return policy.toString();
    }

    /**
     * A page that needs a signed-in person: to the sign-in page, which says the session ended when the
     * browser still sent the cookie of a session that no longer exists (ended elsewhere or timed out).
     */
    private static void toSignin(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException, ServletException {
        boolean ended = request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
        (ended ? TO_SIGNIN_ENDED : TO_SIGNIN).commence(request, response, reason);
    }

    private static String newState() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String providerOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.substring(uri.lastIndexOf('/') + 1);
    }
}
