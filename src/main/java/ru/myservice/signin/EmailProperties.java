package ru.myservice.signin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Signing in with a code sent by e-mail. On when an SMTP server is configured ({@code SMTP_HOST}).
 *
 * @param from the letters' sender; empty means the SMTP user name
 * @param perAddressInterval at most one code per address this often
 * @param perAddressHourly at most this many codes per address an hour
 * @param perClientHourly at most this many codes per client address (IP) an hour, whatever the address
 * @param attemptsPerClient at most this many codes typed, or Telegram logins posted, per client address
 *     in 15 minutes: guessing codes from one place stays slow even across many addresses
 */
@ConfigurationProperties("myservice.signin.email")
record EmailProperties(
        String from,
        Duration codeLifetime,
        int maxAttempts,
        Duration perAddressInterval,
        int perAddressHourly,
        int perClientHourly,
        int attemptsPerClient) {}
