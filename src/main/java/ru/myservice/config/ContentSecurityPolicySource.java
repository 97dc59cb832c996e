package ru.myservice.config;

import java.util.List;
import java.util.Map;

/**
 * A module's additions to the pages' Content-Security-Policy, e.g. the payment widget's host for
 * {@code script-src} and {@code frame-src}. The security configuration merges every such bean.
 */
public interface ContentSecurityPolicySource {

    /** Directive name to extra sources, e.g. {@code "frame-src" -> ["https://yookassa.ru"]}. */
    Map<String, List<String>> sources();
}
