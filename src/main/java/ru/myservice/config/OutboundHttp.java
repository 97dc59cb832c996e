package ru.myservice.config;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * How we call other services: HTTP/1.1, no redirects followed, no cookies kept, and explicit timeouts,
 * so a slow peer fails one operation instead of holding a thread.
 */
public final class OutboundHttp {

    private OutboundHttp() {}

    public static ClientHttpRequestFactory requestFactory(Duration connectTimeout, Duration readTimeout) {
        var factory = new JdkClientHttpRequestFactory(client(connectTimeout));
        factory.setReadTimeout(readTimeout);
        return factory;
    }

    /**
     * The client itself, for a caller that sends its requests directly; it keeps its connections open
     * between requests (HTTP/1.1 keep-alive). The read timeout is then the caller's to apply.
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
