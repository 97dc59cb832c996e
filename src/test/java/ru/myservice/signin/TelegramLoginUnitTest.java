package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import ru.myservice.account.Provider;

/** Telegram's signature rules, checked against an independent computation of the documented algorithm. */
class TelegramLoginUnitTest {

    private static final String TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_100);
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** The documented algorithm, written out separately from the code under test. */
    private static String expectedHash(String dataCheckString, String token) throws Exception {
        byte[] key = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(dataCheckString.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> signed(Map<String, String> fields) throws Exception {
        var sorted = new java.util.TreeMap<>(fields);
        String dataCheckString = String.join(
                "\n",
                sorted.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
        var result = new LinkedHashMap<>(fields);
        result.put("hash", expectedHash(dataCheckString, TOKEN));
        return result;
    }

    private static Map<String, String> person() {
        var fields = new LinkedHashMap<String, String>();
        fields.put("id", "42424242");
        fields.put("first_name", "Иван");
        fields.put("last_name", "Петров");
        fields.put("username", "ivan_petrov");
        fields.put("photo_url", "https://t.me/i/userpic/320/ivan.jpg");
        fields.put("auth_date", "1700000000");
        return fields;
    }

    @Test
    void aKnownVectorMatchesTheDocumentedAlgorithm() throws Exception {
        String dataCheckString = "auth_date=1700000000\nfirst_name=Ivan\nid=1";
        String expected = expectedHash(dataCheckString, "123456:ABC-DEF");

        byte[] ours = TelegramLogin.sign(
                Map.of("id", "1", "first_name", "Ivan", "auth_date", "1700000000"), "123456:ABC-DEF");

        assertThat(HexFormat.of().formatHex(ours)).isEqualTo(expected).hasSize(64);
    }

    @Test
    void correctlySignedFreshDataBecomesATelegramProfileWithoutEmail() throws Exception {
        var result = TelegramLogin.check(signed(person()), TOKEN, MAX_AGE, NOW);

        assertThat(result.refusal()).isNull();
        assertThat(result.profile()).isNotNull();
        assertThat(result.profile().provider()).isEqualTo(Provider.TELEGRAM);
        assertThat(result.profile().subject()).isEqualTo("42424242");
        assertThat(result.profile().displayName()).isEqualTo("Иван Петров");
        assertThat(result.profile().email()).isNull();
        assertThat(result.profile().emailVerified()).isFalse();
        assertThat(result.profile().avatarUrl()).isEqualTo("https://t.me/i/userpic/320/ivan.jpg");
    }

    @Test
    void onlyTheRequiredFieldsAreEnough() throws Exception {
        var fields = new LinkedHashMap<String, String>();
        fields.put("id", "7");
        fields.put("first_name", "Ann");
        fields.put("auth_date", "1700000000");

        assertThat(TelegramLogin.check(signed(fields), TOKEN, MAX_AGE, NOW).profile())
                .isNotNull();
    }

    @Test
    void aWrongHashIsRefused() throws Exception {
        var fields = signed(person());
        fields.put("hash", "0".repeat(64));

        assertThat(TelegramLogin.check(fields, TOKEN, MAX_AGE, NOW).refusal())
                .isEqualTo(TelegramLogin.Refusal.BAD_SIGNATURE);
    }

    @Test
    void aChangedFieldOrAnotherBotsTokenBreaksTheSignature() throws Exception {
        var tampered = signed(person());
        tampered.put("id", "1");
        assertThat(TelegramLogin.check(tampered, TOKEN, MAX_AGE, NOW).refusal())
                .isEqualTo(TelegramLogin.Refusal.BAD_SIGNATURE);

        assertThat(TelegramLogin.check(signed(person()), "999:other-bot", MAX_AGE, NOW)
                        .refusal())
                .isEqualTo(TelegramLogin.Refusal.BAD_SIGNATURE);
    }

    @Test
    void staleAndFutureDataIsRefused() throws Exception {
        var stale = person();
        stale.put("auth_date", Long.toString(NOW.minus(Duration.ofMinutes(6)).getEpochSecond()));
        assertThat(TelegramLogin.check(signed(stale), TOKEN, MAX_AGE, NOW).refusal())
                .isEqualTo(TelegramLogin.Refusal.STALE);

        var future = person();
        future.put("auth_date", Long.toString(NOW.plus(Duration.ofMinutes(10)).getEpochSecond()));
        assertThat(TelegramLogin.check(signed(future), TOKEN, MAX_AGE, NOW).refusal())
                .isEqualTo(TelegramLogin.Refusal.STALE);
    }

    @Test
    void missingFieldsAreRefused() throws Exception {
        for (String field : new String[] {"id", "auth_date", "first_name"}) {
            var fields = person();
            fields.remove(field);
            assertThat(TelegramLogin.check(signed(fields), TOKEN, MAX_AGE, NOW).refusal())
                    .as("without " + field)
                    .isEqualTo(TelegramLogin.Refusal.MISSING_FIELDS);
        }
        var unsigned = person();
        assertThat(TelegramLogin.check(unsigned, TOKEN, MAX_AGE, NOW).refusal())
                .isEqualTo(TelegramLogin.Refusal.MISSING_FIELDS);
    }

    @Test
    void extraFieldsAreRefusedEvenWhenSigned() throws Exception {
        var fields = person();
        fields.put("is_admin", "true");

        assertThat(TelegramLogin.check(signed(fields), TOKEN, MAX_AGE, NOW).refusal())
                .isEqualTo(TelegramLogin.Refusal.UNKNOWN_FIELDS);
    }

    @Test
    void overlongOrMalformedValuesAreRefused() throws Exception {
        var longName = person();
        longName.put("first_name", "x".repeat(600));
        assertThat(TelegramLogin.check(signed(longName), TOKEN, MAX_AGE, NOW).refusal())
                .isEqualTo(TelegramLogin.Refusal.MISSING_FIELDS);

        var badId = person();
        badId.put("id", "12a");
        assertThat(TelegramLogin.check(signed(badId), TOKEN, MAX_AGE, NOW).refusal())
                .isEqualTo(TelegramLogin.Refusal.MISSING_FIELDS);
    }
}
