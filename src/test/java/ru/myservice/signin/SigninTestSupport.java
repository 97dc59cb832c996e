package ru.myservice.signin;

import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.TestBrowser;

/** Reads what a browser's session is signed in as, straight from the session table. */
final class SigninTestSupport {

    private SigninTestSupport() {}

    static String accountId(JdbcClient db, TestBrowser browser) {
        return db.sql("select principal_name from sessions where session_id = :id")
                .param("id", sessionId(browser))
                .query(String.class)
                .single();
    }

    /** The id of the browser's session, as the session table knows it (the cookie holds it in Base64). */
    static String sessionId(TestBrowser browser) {
        String cookie = browser.cookie("SESSION").orElseThrow().getValue();
        return new String(java.util.Base64.getDecoder().decode(cookie), java.nio.charset.StandardCharsets.UTF_8);
    }
}
