package ru.myservice.spend.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeCasdoorCert;

/** CASDOOR_CERT_FILE: the key it holds, and the certificates refused before the first request. */
class SigningKeysUnitTest {

    private static FakeCasdoor casdoor;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication("myservice", "AI demo", "ai-demo", "s1");
        casdoor.tokens().setOrigin("https://auth.example.test");
    }

    @AfterAll
    static void stop() {
        casdoor.close();
    }

    @Test
    void theCertificateWhosePrivateKeyIsPublicIsRefused() {
        Path file = FakeCasdoorCert.publiclyKnown().writeTempFile();

        assertThatThrownBy(() -> SigningKeys.fromCertificateFile(file, "cert-built-in", JWSAlgorithm.RS256))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CASDOOR_CERT_FILE")
                .hasMessageContaining("O=Casdoor Organization, CN=Casdoor Cert")
                .hasMessageContaining("anyone could sign tokens");
    }

    @Test
    void aCertificateThatCannotVerifyTheAlgorithmIsRefused() throws Exception {
        Path rsa = casdoor.tokens().certFile();
        Path ec = ecCertificate("secp256r1", "SHA256withECDSA");

        assertThatThrownBy(() -> SigningKeys.fromCertificateFile(rsa, "cert-built-in", JWSAlgorithm.ES256))
                .hasMessageContaining("RSA key, which cannot verify ES256");
        assertThatThrownBy(() -> SigningKeys.fromCertificateFile(ec, "cert-ec", JWSAlgorithm.RS256))
                .hasMessageContaining("EC key, which cannot verify RS256");
        assertThatThrownBy(() -> SigningKeys.fromCertificateFile(ec, "cert-ec", JWSAlgorithm.ES384))
                .hasMessageContaining("P-256, which cannot verify ES384");
    }

    @Test
    void somethingElseThanACertificateIsRefusedSayingWhatIsExpected() throws Exception {
        Path publicKey = Files.writeString(
                dir.resolve("public.pem"),
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(
                                        casdoor.tokens().cert().publicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");

        assertThatThrownBy(() -> SigningKeys.fromCertificateFile(publicKey, "cert-built-in", JWSAlgorithm.RS256))
                .hasMessageContaining("no X.509 certificate");
        assertThatThrownBy(() -> SigningKeys.fromCertificateFile(
                        dir.resolve("missing.pem"), "cert-built-in", JWSAlgorithm.RS256))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void anEcCertificateVerifiesEs256Tokens() throws Exception {
        KeyPair keys = ecKeys("secp256r1");
        Path file = ecCertificate(keys, "SHA256withECDSA");
        var claims = new java.util.LinkedHashMap<>(casdoor.tokens().appClaims("ai-demo"));
        var jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID("cert-ec")
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(
                        tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(claims)));
        jws.sign(new ECDSASigner((ECPrivateKey) keys.getPrivate()));
        var decoder = new CasdoorTokenDecoder(
                SigningKeys.fromCertificateFile(file, "cert-ec", JWSAlgorithm.ES256),
                JWSAlgorithm.ES256,
                "cert-ec",
                "https://auth.example.test",
                SpendClients.parse("ai-demo:read"),
                Clock.systemUTC());

        assertThat(decoder.decode(jws.serialize()).getClaimAsString("azp")).isEqualTo("ai-demo");
        // The stand-in's RS256 tokens are now of another algorithm.
        assertThatThrownBy(() -> decoder.decode(casdoor.tokens().appAccessToken("ai-demo")))
                .hasMessageContaining("alg RS256");
    }

    private Path ecCertificate(String curve, String signature) throws Exception {
        return ecCertificate(ecKeys(curve), signature);
    }

    private static KeyPair ecKeys(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private Path ecCertificate(KeyPair keys, String signature) throws Exception {
        X500Name subject = new X500Name("O=admin,CN=cert-ec");
        Instant now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(
                        subject,
                        BigInteger.valueOf(now.getEpochSecond()),
                        java.util.Date.from(now),
                        java.util.Date.from(now.plus(Duration.ofDays(365))),
                        subject,
                        keys.getPublic())
                .build(new JcaContentSignerBuilder(signature).build(keys.getPrivate()));
        var certificate = new JcaX509CertificateConverter().getCertificate(holder);
        return Files.writeString(
                Files.createTempFile(dir, "cert-ec-", ".pem"),
                "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
    }
}
