package ru.myservice.signin;

import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import ru.myservice.account.Provider;

/** What the rest of the service needs to know about signing in. */
@Service
public class SigninMethods {

    private final ProviderRegistrations registrations;
    private final TelegramProperties telegram;
    private final boolean email;

    SigninMethods(ProviderRegistrations registrations, TelegramProperties telegram, EmailLetters letters) {
        this.registrations = registrations;
        this.telegram = telegram;
        this.email = letters.enabled();
    }

    /** Whether codes by e-mail work here, so that an address can be added as a way to sign in. */
    public boolean emailCodes() {
        return email;
    }

    /**
     * The providers a person can sign in with or link here, in the order their buttons appear. An
     * e-mail code is not among them: it is a form of its own, and an address joins accounts by itself.
     */
    public List<Provider> available() {
        var providers = new java.util.ArrayList<>(registrations.providers());
        if (telegramButton() != null) {
            providers.add(Provider.TELEGRAM);
        }
        return List.copyOf(providers);
    }

    /**
     * What the Telegram widget's button needs, or null when the widget is off. When Telegram's OpenID
     * Connect login is configured, it replaces the widget and Telegram is an ordinary OAuth button.
     */
    public @org.jspecify.annotations.Nullable TelegramButton telegramButton() {
        boolean oidc = registrations.findByRegistrationId(Provider.TELEGRAM.id()) != null;
        return telegram.enabled() && !oidc ? TelegramButton.of(telegram) : null;
    }

    /** The account of a signed-in person. */
    public static UUID accountId(Authentication authentication) {
        return UUID.fromString(authentication.getName());
    }
}
