package ru.myservice.account;

import org.jspecify.annotations.Nullable;

/**
 * What a provider told us about a person at sign-in, already mapped to one shape.
 *
 * @param subject the provider's stable user id; never an e-mail
 * @param emailVerified true only when the provider asserts it (today only Google does)
 */
public record ProviderProfile(
        Provider provider,
        String subject,
        @Nullable String email,
        boolean emailVerified,
        String displayName,
        @Nullable String avatarUrl) {

    public ProviderProfile {
        if (subject.isBlank()) {
            throw new IllegalArgumentException("A provider profile needs the provider's user id");
        }
        email = email == null || email.isBlank() ? null : email.trim();
        emailVerified = emailVerified && email != null;
        displayName =
                displayName.isBlank() ? (email != null ? email : provider.id() + " " + subject) : displayName.trim();
        avatarUrl = avatarUrl == null || avatarUrl.isBlank() ? null : avatarUrl;
    }
}
