package ru.myservice.signin;

import java.util.UUID;
import org.springframework.stereotype.Component;

/** Ends every session of an account at once, on every instance: for an account being deleted. */
@Component
public class AccountSessions {

    private final SessionDevices devices;

    AccountSessions(SessionDevices devices) {
        this.devices = devices;
    }

    /** Returns how many sessions ended. */
    public int endAll(UUID accountId) {
        return devices.endAll(accountId.toString());
    }
}
