package ru.myservice.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An account as the rest of the service sees it.
 *
 * @param number the short account number people give to support (from 100001 up)
 * @param email the main e-mail: shown on the dashboard, sent receipts, mirrored to Casdoor
 * @param avatarUrl the picture shown, as {@code avatarChoice} resolves today, or null for the initials
 * @param avatarChoice the picture the person chose, or null while they have not (automatic)
 * @param deletedAt when the person deleted it, or null
 */
public record Account(
        UUID id,
        long number,
        String displayName,
        @Nullable String email,
        boolean emailVerified,
        @Nullable String avatarUrl,
        @Nullable AvatarChoice avatarChoice,
        Instant createdAt,
        List<Identity> identities,
        @Nullable Instant deletedAt) {

    /**
     * One sign-in method attached to the account.
     *
     * @param emailVerified the provider vouches for the address (an e-mail code, or Google saying so)
     * @param avatarUrl the provider's picture as of the last sign-in with it
     */
    public record Identity(
            Provider provider,
            String subject,
            @Nullable String email,
            boolean emailVerified,
            @Nullable String displayName,
            @Nullable String avatarUrl,
            Instant linkedAt) {}

    /** A picture the person chose to show. */
    public sealed interface AvatarChoice {

        /** No picture: the initials. */
        record Initials() implements AvatarChoice {}

        /** The picture of this provider's method, whatever its URL is at the latest sign-in. */
        record Picture(Provider provider) implements AvatarChoice {}

        /** How the choice is written in the database and in forms: {@code none} or the provider's id. */
        default String value() {
            return switch (this) {
                case Initials initials -> "none";
                case Picture picture -> picture.provider().id();
            };
        }

        static Optional<AvatarChoice> of(String value) {
            return "none".equals(value)
                    ? Optional.of(new Initials())
                    : Provider.byId(value).map(Picture::new);
        }
    }

    Account withIdentities(List<Identity> methods) {
        return new Account(
                id,
                number,
                displayName,
                email,
                emailVerified,
                avatarUrl,
                avatarChoice,
                createdAt,
                List.copyOf(methods),
                deletedAt);
    }

    /** Deleted by the person: only accounting records remain, and nothing that names them. */
    public boolean deleted() {
        return deletedAt != null;
    }

    public boolean has(Provider provider) {
        return identities.stream().anyMatch(i -> i.provider() == provider);
    }

    /**
     * The addresses that may be the main e-mail: those the account's methods vouch for (e-mail codes,
     * Google's verified addresses) and the main one when it is verified; each once, in the order the
     * methods were linked.
     */
    public List<String> verifiedEmails() {
        List<String> addresses = provenEmails(identities);
        if (email != null && emailVerified && addresses.stream().noneMatch(email::equalsIgnoreCase)) {
            addresses.add(email);
        }
        return addresses;
    }

    /** The chosen address as the account holds it, if it is one of {@link #verifiedEmails()}. */
    public Optional<String> verifiedEmail(String address) {
        return verifiedEmails().stream()
                .filter(a -> a.equalsIgnoreCase(address.strip()))
                .findFirst();
    }

    /** The pictures the account may show: each provider's first, in the order the methods were linked. */
    public Map<Provider, String> pictures() {
        Map<Provider, String> pictures = new LinkedHashMap<>();
        for (Identity identity : identities) {
            if (identity.avatarUrl() != null) {
                pictures.putIfAbsent(identity.provider(), identity.avatarUrl());
            }
        }
        return pictures;
    }

    /** Whose picture is shown, or empty for the initials. */
    public Optional<Provider> shownPicture() {
        if (avatarUrl == null) {
            return Optional.empty();
        }
        var pictures = pictures();
        if (avatarChoice instanceof AvatarChoice.Picture(Provider chosen) && avatarUrl.equals(pictures.get(chosen))) {
            return Optional.of(chosen);
        }
        return pictures.entrySet().stream()
                .filter(e -> e.getValue().equals(avatarUrl))
                .map(Map.Entry::getKey)
                .findFirst()
                // A picture remembered from before its method's URL changed: the next sign-in shows the first.
                .or(() -> pictures.keySet().stream().findFirst());
    }

    static List<String> provenEmails(List<Identity> identities) {
        List<String> addresses = new ArrayList<>();
        for (Identity identity : identities) {
            String address = identity.email();
            if (address != null
                    && identity.emailVerified()
                    && addresses.stream().noneMatch(address::equalsIgnoreCase)) {
                addresses.add(address);
            }
        }
        return addresses;
    }
}
