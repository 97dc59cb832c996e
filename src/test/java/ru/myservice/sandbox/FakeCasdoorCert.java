package ru.myservice.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Casdoor certificate ("Certs" in its console): an RSA key pair and the self-signed X.509 certificate Casdoor keeps
 * with it, made as Casdoor makes them (contract §1: subject CN = the certificate's name and O = its owner, serial
 * 123456, SHA256withRSA, CA:FALSE).
 *
 * @param name the certificate's name in Casdoor, which is the {@code kid} of the tokens it signs
 */
public record FakeCasdoorCert(String name, KeyPair keys, X509Certificate certificate) {

    /** A new RSA-2048 certificate named {@code name} and owned by {@code owner}, as Casdoor generates one. */
    public static FakeCasdoorCert generate(String name, String owner) {
        return withSubject(name, name, owner);
    }

    /**
     * A certificate with the subject of the one a Casdoor run from its sources seeds {@code cert-built-in} from
     * ({@code O=Casdoor Organization, CN=Casdoor Cert}), whose private key is published there. The key here is a
     * fresh one: what the application must recognise is the subject.
     */
    public static FakeCasdoorCert publiclyKnown() {
        return withSubject("cert-built-in", "Casdoor Cert", "Casdoor Organization");
    }

    /** A new RSA-2048 certificate named {@code name} whose subject is {@code O=organization, CN=commonName}. */
    public static FakeCasdoorCert withSubject(String name, String commonName, String organization) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            // Go's pkix.Name writes O before CN.
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, organization)
                    .addRDN(BCStyle.CN, commonName)
                    .build();
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(
                    subject,
                    BigInteger.valueOf(123456),
                    Date.from(now),
                    Date.from(now.plus(Duration.ofDays(20 * 365))),
                    subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new FakeCasdoorCert(name, keys, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    public RSAPrivateKey privateKey() {
        return (RSAPrivateKey) keys.getPrivate();
    }

    /** The certificate as Casdoor's Admin → Certs → "Download certificate" saves it ({@code token_jwt_key.pem}). */
    public String pem() {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der()) + "\n-----END CERTIFICATE-----\n";
    }

    /** The DER bytes, as the {@code x5c} of a key set carries them (base64). */
    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #pem()} to a new temporary file, deleted when the JVM exits. */
    public Path writeTempFile() {
        try {
            Path file = Files.createTempFile(name + "-", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, pem());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
