package ru.myservice.testing;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeCasdoorOidc;

/**
 * Staff sign-in to the operator console through the Casdoor stand-in, over plain HTTP: for tests that drive the
 * console's pages. {@link #settings} turns the console on in an app instance; {@link #signedIn} returns a browser
 * holding a staff session.
 */
public final class StaffSignin {

    public static final String CLIENT_ID = "test-operator";
    public static final String CLIENT_SECRET = "test-operator-secret";
    public static final String APPLICATION = "Operator";

    private StaffSignin() {}

    /**
     * Registers the console's Casdoor application at {@code casdoor} (callbacks to any local port allowed) and returns
     * the settings that point an app instance at it.
     */
    public static Map<String, String> settings(FakeCasdoor casdoor) {
        casdoor.registerApplication("myservice", APPLICATION, CLIENT_ID, CLIENT_SECRET);
        casdoor.oidc().allowRedirect(CLIENT_ID, "http://localhost:\\d+/operator/login/oauth2/code/casdoor");
        casdoor.tokens().setOrigin(casdoor.baseUri().toString());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("myservice.operator.client-id", CLIENT_ID);
        settings.put("myservice.operator.client-secret", CLIENT_SECRET);
        settings.put("myservice.operator.application", APPLICATION);
        settings.put("myservice.operator.issuer", casdoor.baseUri().toString());
        settings.put("myservice.operator.endpoint", casdoor.baseUri().toString());
        return settings;
    }

    /** A new browser signed in to {@code app}'s console as {@code person}; fails unless the console let them in. */
    public static TestBrowser signedIn(AppInstance app, FakeCasdoorOidc.Person person) {
        var browser = new TestBrowser();
        var landing = signIn(browser, app, person);
        if (landing.statusCode() != 200 || browser.cookie("MYSERVICE_STAFF").isEmpty()) {
            throw new AssertionError("Staff sign-in of " + person.login() + " ended in " + landing.statusCode() + " at "
                    + landing.uri() + ": " + landing.body());
        }
        return browser;
    }

    /** Opens {@code app}'s console with no staff session; returns the Casdoor sign-in page it sends the browser to. */
    public static URI authorize(TestBrowser browser, AppInstance app) {
        var console = browser.get(app.url("/operator"));
        if (!TestBrowser.isRedirect(console)) {
            throw new AssertionError("The console did not send the browser to sign in: " + console.statusCode());
        }
        var start = browser.get(TestBrowser.location(console).toString());
        if (!TestBrowser.isRedirect(start)) {
            throw new AssertionError("The console's sign-in did not go to Casdoor: " + start.statusCode());
        }
        return TestBrowser.location(start);
    }

    /**
     * Picks {@code person} on Casdoor's sign-in page that {@code authorize} shows; returns where Casdoor sends the
     * browser back (the console's callback).
     */
    public static URI pick(TestBrowser browser, URI authorize, FakeCasdoorOidc.Person person) {
        Map<String, String> form = new LinkedHashMap<>(TestBrowser.query(authorize));
        form.put("user", person.login());
        var answer = browser.post(authorize.resolve("/login/oauth/authorize").toString(), form);
        if (!TestBrowser.isRedirect(answer)) {
            throw new AssertionError(
                    "Casdoor did not send the browser back: " + answer.statusCode() + " " + answer.body());
        }
        return TestBrowser.location(answer);
    }

    /** The whole round trip from {@code /operator}; returns the page the browser finally lands on. */
    public static HttpResponse<String> signIn(TestBrowser browser, AppInstance app, FakeCasdoorOidc.Person person) {
        URI callback = pick(browser, authorize(browser, app), person);
        return browser.open(callback.toString());
    }
}
