package ru.myservice.signin;

import org.jspecify.annotations.Nullable;

/**
 * The page where the code from the letter is typed.
 *
 * @param problem a message key about the last code typed, or null
 * @param notice a message key to show otherwise (e.g. "a new code was sent"), or null
 */
public record EmailCodeView(
        String email, @Nullable String problem, @Nullable String notice) {}
