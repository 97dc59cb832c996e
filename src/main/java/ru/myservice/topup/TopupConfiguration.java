package ru.myservice.topup;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class TopupConfiguration {

    @Bean
    YooKassaClient yooKassaClient(TopupProperties settings) {
        return new YooKassaClient(settings);
    }

    @Bean
    Reconciliation reconciliation(
            PaymentRepository payments,
            YooKassaClient yookassa,
            Settlement settlement,
            TopupProperties settings,
            Clock clock) {
        return new Reconciliation(payments, yookassa, settlement, settings, clock);
    }
}
