package ru.myservice.signin;

import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.TestBrowser;

/** Reads what a browser's session is signed in as, straight from the session table. */
final class SigninTestSupport {

    private SigninTestSupport() {}

    static String accountId(JdbcClient db, TestBrowser browser) {
        String cookie = browser.cookie("SESSION").orElseThrow().getValue();
        String sessionId =
                new String(java.util.Base64.getDecoder().decode(cookie), java.nio.charset.StandardCharsets.UTF_8);
        return db.sql("select principal_name from sessions where session_id = :id")
                .param("id", sessionId)
                .query(String.class)
                .single();
    }
}
