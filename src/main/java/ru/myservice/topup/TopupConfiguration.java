package ru.myservice.topup;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class TopupConfiguration {

    @Bean
    YooKassaClient yooKassaClient(TopupProperties settings) {
        return new YooKassaClient(settings);
    }

    /** Without a shop there is nothing to ask YooKassa about. */
    @Bean
    @ConditionalOnExpression("!'${myservice.topup.shop-id:}'.isBlank() and !'${myservice.topup.secret-key:}'.isBlank()")
    Reconciliation reconciliation(
            PaymentRepository payments,
            YooKassaClient yookassa,
            Settlement settlement,
            TopupProperties settings,
            Clock clock) {
        return new Reconciliation(payments, yookassa, settlement, settings, clock);
    }
}
