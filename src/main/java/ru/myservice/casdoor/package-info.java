/**
 * The Casdoor bridge: mirrors every account, its sign-in identities and its balance into Casdoor
 * through persistent background jobs, so nobody ever waits for Casdoor or notices it is down.
 */
@NullMarked
package ru.myservice.casdoor;

import org.jspecify.annotations.NullMarked;
