package ru.myservice.web;

import org.jspecify.annotations.Nullable;
import ru.myservice.account.AccountService;

/**
 * The profile form.
 *
 * @param name the name in the field
 * @param problem message key of why the last try was refused, or null
 */
public record ProfileView(String name, @Nullable String problem) {

    public int limit() {
        return AccountService.NAME_LIMIT;
    }
}
