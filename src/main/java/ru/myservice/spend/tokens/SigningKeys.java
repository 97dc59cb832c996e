package ru.myservice.spend.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import ru.myservice.config.OutboundHttp;

/**
 * Where the keys that sign Casdoor's tokens come from: the certificate file its console downloads, or the key set
 * Casdoor publishes for our application. Either way a key is announced under its certificate's name, which is the
 * {@code kid} Casdoor puts on access tokens.
 */
final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    // The key set changes only when an operator replaces a certificate; Casdoor being down must not stop payments.
    private static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);
    private static final Duration CACHE_REFRESH_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration OUTAGE_TOLERANCE = Duration.ofHours(24);

    private SigningKeys() {}

    /** A certificate file's public key, refused at once when it cannot have signed Casdoor's tokens safely. */
    static JWKSource<SecurityContext> fromCertificateFile(Path file, String certName, JWSAlgorithm algorithm) {
        X509Certificate certificate = readCertificate(file);
        if (isPubliclyKnown(certificate)) {
            throw new IllegalStateException("CASDOOR_CERT_FILE " + file + " is the certificate whose private key is"
                    + " published with Casdoor's sources (subject O=Casdoor Organization, CN=Casdoor Cert): anyone"
                    + " could sign tokens with it. In Casdoor, give the applications a certificate of their own"
                    + " (Certs → Add), download that one, and set SPEND_TOKEN_CERT_NAME to its name");
        }
        JWK key = jwk(certificate.getPublicKey(), certName, algorithm, file);
        String commonName = attributes(certificate).get("CN");
        if (commonName != null && !commonName.equals(certName)) {
            log.warn(
                    "CASDOOR_CERT_FILE {} was issued to CN={}, but SPEND_TOKEN_CERT_NAME is {}: Casdoor names the"
                            + " certificate it creates after itself, so tokens may carry a kid we refuse",
                    file,
                    commonName,
                    certName);
        }
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /**
     * Casdoor's key set for our application, fetched when first needed, kept for five minutes, fetched again at
     * most once when a token names a key it lacks, and kept through an outage of Casdoor. A key whose certificate
     * is the publicly known one is dropped as it arrives, so it is never used.
     */
    static JWKSource<SecurityContext> fromKeySet(URI uri, Duration connectTimeout, Duration readTimeout) {
        RestClient http = RestClient.builder()
                .requestFactory(OutboundHttp.requestFactory(connectTimeout, readTimeout))
                .build();
        URL url;
        try {
            url = uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("Casdoor's key set address " + uri + " is not a URL", e);
        }
        return JWKSourceBuilder.create(new UsableKeys(new URLBasedJWKSetSource<>(url, retriever(http)), uri))
                .cache(CACHE_LIFETIME.toMillis(), CACHE_REFRESH_TIMEOUT.toMillis())
                .outageTolerant(OUTAGE_TOLERANCE.toMillis())
                .build();
    }

    /** The key set as fetched, without the keys of the publicly known certificate. */
    private static final class UsableKeys implements JWKSetSource<SecurityContext> {

        private final JWKSetSource<SecurityContext> fetched;
        private final URI uri;
        private final AtomicBoolean warned = new AtomicBoolean();

        UsableKeys(JWKSetSource<SecurityContext> fetched, URI uri) {
            this.fetched = fetched;
            this.uri = uri;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
                throws KeySourceException {
            JWKSet set = fetched.getJWKSet(refresh, currentTime, context);
            List<JWK> usable = set.getKeys().stream()
                    .filter(key -> {
                        boolean known = key.getParsedX509CertChain() != null
                                && key.getParsedX509CertChain().stream().anyMatch(SigningKeys::isPubliclyKnown);
                        if (known && warned.compareAndSet(false, true)) {
                            log.error(
                                    "Casdoor's key set {} offers the certificate whose private key is published with"
                                            + " Casdoor's sources (key {}); tokens signed with it are refused. Give"
                                            + " the applications a certificate of their own in Casdoor",
                                    uri,
                                    key.getKeyID());
                        }
                        return !known;
                    })
                    .toList();
            return usable.size() == set.getKeys().size() ? set : new JWKSet(usable);
        }

        @Override
        public void close() throws IOException {
            fetched.close();
        }
    }

    /**
     * Casdoor run from a source checkout seeds {@code cert-built-in} from files in its repository, private key
     * included; the certificate Casdoor generates itself is named after the certificate instead (contract §1).
     */
    static boolean isPubliclyKnown(X509Certificate certificate) {
        Map<String, String> subject = attributes(certificate);
        return "Casdoor Organization".equals(subject.get("O")) && "Casdoor Cert".equals(subject.get("CN"));
    }

    private static Map<String, String> attributes(X509Certificate certificate) {
        Map<String, String> out = new HashMap<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                out.put(rdn.getType().toUpperCase(Locale.ROOT), String.valueOf(rdn.getValue()));
            }
        } catch (InvalidNameException e) {
            // An unreadable subject is no known one; the key is still checked against the algorithm.
        }
        return out;
    }

    private static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new IllegalStateException("CASDOOR_CERT_FILE " + file + " cannot be read: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalStateException(
                    "CASDOOR_CERT_FILE " + file + " holds no X.509 certificate (-----BEGIN"
                            + " CERTIFICATE-----, as Casdoor's Admin → Certs → \"Download certificate\" saves it)",
                    e);
        }
    }

    private static JWK jwk(PublicKey key, String certName, JWSAlgorithm algorithm, Path file) {
        if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
            if (!(key instanceof RSAPublicKey rsa)) {
                throw mismatch(file, key, algorithm);
            }
            return new RSAKey.Builder(rsa)
                    .keyID(certName)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm)
                    .build();
        }
        if (!(key instanceof ECPublicKey ec)) {
            throw mismatch(file, key, algorithm);
        }
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        if (curve == null || !Curve.forJWSAlgorithm(algorithm).contains(curve)) {
            throw new IllegalStateException("CASDOOR_CERT_FILE " + file + " holds an EC key on "
                    + (curve == null ? "an unknown curve" : curve.getName()) + ", which cannot verify "
                    + algorithm + " (SPEND_TOKEN_ALGORITHM)");
        }
        return new ECKey.Builder(curve, ec)
                .keyID(certName)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(algorithm)
                .build();
    }

    private static IllegalStateException mismatch(Path file, PublicKey key, JWSAlgorithm algorithm) {
        return new IllegalStateException("CASDOOR_CERT_FILE " + file + " holds an " + key.getAlgorithm()
                + " key, which cannot verify " + algorithm + " (SPEND_TOKEN_ALGORITHM): keep the certificate's"
                + " algorithm equal to the application's token signing method");
    }

    /** Fetches the key set with our outbound settings: explicit timeouts, no redirects, no cookies. */
    private static ResourceRetriever retriever(RestClient http) {
        return url -> {
            try {
                var response = http.get()
                        .uri(toUri(url))
                        .accept(MediaType.APPLICATION_JSON, MediaType.parseMediaType("application/jwk-set+json"))
                        .retrieve()
                        .toEntity(String.class);
                MediaType type = response.getHeaders().getContentType();
                return new Resource(response.getBody(), type == null ? null : type.toString());
            } catch (RestClientResponseException e) {
                // The status says it all; the body is a proxy's error page.
                throw new IOException("Casdoor's key set " + url + " answered HTTP "
                        + e.getStatusCode().value());
            } catch (RestClientException e) {
                throw new IOException("Casdoor's key set " + url + " could not be fetched: " + e.getMessage(), e);
            }
        };
    }

    private static URI toUri(URL url) throws IOException {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
