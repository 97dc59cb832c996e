/** The dashboard, the shared page model, languages and error pages. */
@NullMarked
package ru.myservice.web;

import org.jspecify.annotations.NullMarked;
