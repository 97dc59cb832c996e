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

    SigninMethods(ProviderRegistrations registrations) {
        this.registrations = registrations;
    }

    /** The providers this deployment is configured for, in the order their buttons appear. */
    public List<Provider> available() {
        return registrations.providers();
    }

    /** The account of a signed-in person. */
    public static UUID accountId(Authentication authentication) {
        return UUID.fromString(authentication.getName());
    }
}
