package ru.myservice.account;

import java.util.Arrays;
import java.util.Optional;

/** A way to sign in. The id is what the database, URLs and Casdoor fields use. */
public enum Provider {
    VK("vk"),
    GOOGLE("google"),
    YANDEX("yandex"),
    TELEGRAM("telegram"),
    /** A confirmed e-mail code; the subject is the lower-cased address. */
    EMAIL("email");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Provider> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
