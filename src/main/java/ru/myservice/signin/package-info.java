/**
 * Signing in: the security configuration, the sign-in page, the OAuth flows of VK ID, Google and
 * Yandex with their profile mapping, linking further methods, and signing out.
 */
@NullMarked
package ru.myservice.signin;

import org.jspecify.annotations.NullMarked;
