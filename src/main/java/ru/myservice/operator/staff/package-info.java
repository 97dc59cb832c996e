/** Staff sign-in to the console through Casdoor's OpenID Connect, and the staff sessions it opens. */
@NullMarked
package ru.myservice.operator.staff;

import org.jspecify.annotations.NullMarked;
