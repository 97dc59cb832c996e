package ru.myservice.signin;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import ru.myservice.account.Provider;
import ru.myservice.account.ProviderProfile;

/**
 * Checks the fields Telegram's Login Widget hands the page, exactly as Telegram documents it: every
 * field but {@code hash}, sorted by name as {@code name=value} lines, HMAC-SHA256 keyed by the SHA-256
 * of the bot token, compared in constant time, and not older than the allowed age.
 */
final class TelegramLogin {

    /** Why signed fields were refused; each maps to a message on the sign-in page. */
    enum Refusal {
        MISSING_FIELDS,
        UNKNOWN_FIELDS,
        BAD_SIGNATURE,
        STALE
    }

    /** The outcome: a profile, or the reason there is none. */
    record Result(
            @Nullable ProviderProfile profile, @Nullable Refusal refusal, String hash) {}

    /** The fields the widget may send; anything else means the data was not made by Telegram for us. */
    static final Set<String> FIELDS =
            Set.of("id", "first_name", "last_name", "username", "photo_url", "auth_date", "hash");

    private static final int LONGEST_VALUE = 512;

    private TelegramLogin() {}

    static Result check(Map<String, String> fields, String botToken, Duration maxAge, Instant now) {
        String hash = fields.getOrDefault("hash", "");
        if (!fields.keySet().stream().allMatch(FIELDS::contains)) {
            return new Result(null, Refusal.UNKNOWN_FIELDS, hash);
        }
        String id = fields.get("id");
        String authDate = fields.get("auth_date");
        if (id == null
                || authDate == null
                || hash.isEmpty()
                || fields.get("first_name") == null
                || !id.matches("\\d{1,20}")
                || !authDate.matches("\\d{1,12}")
                || !hash.matches("[0-9a-f]{64}")
                || fields.values().stream().anyMatch(v -> v.length() > LONGEST_VALUE)) {
            return new Result(null, Refusal.MISSING_FIELDS, hash);
        }
        byte[] expected = sign(fields, botToken);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(hash))) {
            return new Result(null, Refusal.BAD_SIGNATURE, hash);
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(authDate));
        if (signedAt.isBefore(now.minus(maxAge)) || signedAt.isAfter(now.plus(Duration.ofMinutes(1)))) {
            return new Result(null, Refusal.STALE, hash);
        }
        String name = (fields.getOrDefault("first_name", "") + " " + fields.getOrDefault("last_name", "")).trim();
        if (name.isEmpty() && fields.get("username") != null) {
            name = fields.get("username");
        }
        String photo = fields.get("photo_url");
        var profile = new ProviderProfile(
                Provider.TELEGRAM, id, null, false, name, photo != null && photo.startsWith("https://") ? photo : null);
        return new Result(profile, null, hash);
    }

    /** The signature Telegram computes over {@code fields} (without {@code hash}). */
    static byte[] sign(Map<String, String> fields, String botToken) {
        String dataCheckString = new TreeMap<>(fields)
                .entrySet().stream()
                        .filter(e -> !e.getKey().equals("hash"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n"));
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(botToken.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(dataCheckString.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("The JDK lacks HMAC-SHA256", e);
        }
    }
}
