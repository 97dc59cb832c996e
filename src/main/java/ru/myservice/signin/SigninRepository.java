package ru.myservice.signin;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What signing in must remember beyond sessions: Telegram payloads already used. */
@Repository
class SigninRepository {

    private final JdbcClient jdbc;

    SigninRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a Telegram payload's hash; false when it was used before (a replay). */
    boolean firstUseOfTelegramLogin(String hash, Duration keepFor) {
        jdbc.sql("delete from telegram_logins where seen_at < now() - make_interval(secs => :keep)")
                .param("keep", (double) keepFor.toSeconds())
                .update();
        return jdbc.sql("insert into telegram_logins (hash) values (:hash) on conflict (hash) do nothing")
                        .param("hash", hash)
                        .update()
                == 1;
    }
}
