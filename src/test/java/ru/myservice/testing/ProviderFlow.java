package ru.myservice.testing;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Walks a browser through a provider's sign-in the way a person does, via the fake's consent page. */
public final class ProviderFlow {

    private ProviderFlow() {}

    /** A person at a provider. */
    public record Person(String subject, String firstName, String lastName, String email, boolean emailVerified) {

        /** A new person nobody has seen, so tests do not collide in the shared database. */
        public static Person fresh() {
            long id = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
            return new Person(Long.toString(id), "Анна", "Смирнова", "anna" + id + "@example.ru", true);
        }

        public Person withEmail(String email, boolean verified) {
            return new Person(subject, firstName, lastName, email, verified);
        }

        public Person withSubject(String subject) {
            return new Person(subject, firstName, lastName, email, emailVerified);
        }

        public String fullName() {
            return firstName + " " + lastName;
        }
    }

    /** Clicks the provider's button on our site; returns the provider's authorize URL we were sent to. */
    public static URI start(TestBrowser browser, AppInstance app, String provider) {
        return start(browser, app.url(""), provider);
    }

    /** The same, for an app reached by its address ({@code http://localhost:8081}). */
    public static URI start(TestBrowser browser, String site, String provider) {
        var response = browser.get(site + "/oauth2/authorization/" + provider);
        if (!TestBrowser.isRedirect(response)) {
            throw new AssertionError("Expected a redirect to " + provider + ", got " + response.statusCode());
        }
        return TestBrowser.location(response);
    }

    /** Answers the consent page; returns where the provider sends the browser back (our callback). */
    public static URI consent(TestBrowser browser, URI authorize, Person person, boolean allow) {
        Map<String, String> form = new LinkedHashMap<>(TestBrowser.query(authorize));
        form.put("subject", person.subject());
        form.put("first_name", person.firstName());
        form.put("last_name", person.lastName());
        form.put("email", person.email());
        if (person.emailVerified()) {
            form.put("email_verified", "on");
        }
        form.put("decision", allow ? "allow" : "deny");
        // Every stand-in takes the answer next to its authorize page: /vk/authorize -> /vk/approve.
        String approve = authorize.resolve("approve").toString();
        var response = browser.post(approve, form);
        if (!TestBrowser.isRedirect(response)) {
            throw new AssertionError(
                    "The provider did not redirect back: " + response.statusCode() + " " + response.body());
        }
        return TestBrowser.location(response);
    }

    /** The whole round trip; returns the page the person finally lands on. */
    public static HttpResponse<String> signIn(TestBrowser browser, AppInstance app, String provider, Person person) {
        return signIn(browser, app.url(""), provider, person);
    }

    /** The same, for an app reached by its address. */
    public static HttpResponse<String> signIn(TestBrowser browser, String site, String provider, Person person) {
        URI authorize = start(browser, site, provider);
        URI callback = consent(browser, authorize, person, true);
        return browser.open(callback.toString());
    }
}
