package ru.myservice.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ClientAddressConfiguration {

    @Bean
    ClientAddress clientAddress(ClientAddress.Settings settings) {
        return new ClientAddress(IpRanges.parse(settings.trustedProxies()));
    }
}
