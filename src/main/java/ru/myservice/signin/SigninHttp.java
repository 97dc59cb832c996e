package ru.myservice.signin;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/** Outgoing HTTP to sign-in providers: explicit timeouts, so a slow provider fails a sign-in, not a thread. */
final class SigninHttp {

    private SigninHttp() {}

    static ClientHttpRequestFactory requestFactory(SigninProperties settings) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(positive(settings.readTimeout()));
        return factory;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofSeconds(10) : d;
    }
}
