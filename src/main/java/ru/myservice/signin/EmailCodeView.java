package ru.myservice.signin;

import org.jspecify.annotations.Nullable;

/**
 * The page where the code from the letter is typed.
 *
 * @param problem a message key about the last code typed, or null
 * @param notice a message key to show otherwise (e.g. "a new code was sent"), or null
 * @param confirming whether the code confirms that a signed-in person is who they say, rather than
 *     signing in or adding the address
 */
public record EmailCodeView(
        String email, @Nullable String problem, @Nullable String notice, boolean confirming) {}
