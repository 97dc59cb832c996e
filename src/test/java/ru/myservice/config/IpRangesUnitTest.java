package ru.myservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

class IpRangesUnitTest {

    private static final IpRanges YOOKASSA = IpRanges.parse(List.of(
            "185.71.76.0/27",
            "185.71.77.0/27",
            "77.75.153.0/25",
            "77.75.156.11",
            "77.75.156.35/32",
            "77.75.154.128/25",
            "2a02:5180::/32"));

    @Test
    void matchesYooKassasPublishedRanges() {
        assertThat(YOOKASSA.contains("185.71.76.0")).isTrue();
        assertThat(YOOKASSA.contains("185.71.76.31")).isTrue();
        assertThat(YOOKASSA.contains("185.71.76.32")).isFalse();
        assertThat(YOOKASSA.contains("77.75.156.11")).isTrue();
        assertThat(YOOKASSA.contains("77.75.156.12")).isFalse();
        assertThat(YOOKASSA.contains("2a02:5180:0:1509::17")).isTrue();
        assertThat(YOOKASSA.contains("2a02:5181::1")).isFalse();
        assertThat(YOOKASSA.contains("::ffff:185.71.77.5")).isTrue();
    }

    @Test
    void nonsenseIsNeverInside() {
        assertThat(YOOKASSA.contains("yookassa.ru")).isFalse();
        assertThat(YOOKASSA.contains("")).isFalse();
        assertThat(YOOKASSA.contains(null)).isFalse();
        assertThat(YOOKASSA.contains("185.71.76.1; drop table")).isFalse();
    }

    @Test
    void hostNamesAndBadPrefixesAreRefusedAtStartup() {
        assertThatThrownBy(() -> IpRanges.parse(List.of("yookassa.ru"))).hasMessageContaining("yookassa.ru");
        assertThatThrownBy(() -> IpRanges.parse(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    }

    @Test
    void theForwardedAddressIsBelievedOnlyFromATrustedProxy() {
        var client = new ClientAddress(IpRanges.parse(List.of("10.0.0.0/8")));

        assertThat(client.of(request("10.1.2.3", "185.71.76.5"))).isEqualTo("185.71.76.5");
        assertThat(client.of(request("10.1.2.3", "1.1.1.1, 185.71.76.5"))).isEqualTo("185.71.76.5");
        assertThat(client.of(request("10.1.2.3", "185.71.76.5, 10.9.9.9"))).isEqualTo("185.71.76.5");
        assertThat(client.of(request("203.0.113.7", "185.71.76.5"))).isEqualTo("203.0.113.7");
        assertThat(client.of(request("10.1.2.3", null))).isEqualTo("10.1.2.3");
    }

    @Test
    void byDefaultOnlyLoopbackMaySpeakForTheClient() throws IOException {
        var environment = new MockEnvironment();
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        String trusted = environment.getProperty("myservice.trusted-proxies");
        var client = new ClientAddress(IpRanges.parse(List.of(trusted.split(","))));

        assertThat(client.of(request("127.0.0.1", "185.71.76.5"))).isEqualTo("185.71.76.5");
        assertThat(client.of(request("0:0:0:0:0:0:0:1", "185.71.76.5"))).isEqualTo("185.71.76.5");
        // A bare deployment behind no proxy: a neighbour on a private network speaks only for itself.
        assertThat(client.of(request("10.1.2.3", "185.71.76.5"))).isEqualTo("10.1.2.3");
        assertThat(client.of(request("172.18.0.5", "185.71.76.5"))).isEqualTo("172.18.0.5");
        assertThat(client.of(request("192.168.1.10", "185.71.76.5"))).isEqualTo("192.168.1.10");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
