/** Settings that span modules: the operator's environment variables, i18n and the shared page model. */
@NullMarked
package ru.myservice.config;

import org.jspecify.annotations.NullMarked;
