package ru.myservice.casdoor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import ru.myservice.account.AccountService;
import ru.myservice.wallet.WalletService;

@Configuration
@EnableScheduling
class CasdoorConfiguration {

    @Bean
    CasdoorClient casdoorClient(CasdoorProperties settings) {
        return new CasdoorClient(settings);
    }

    @Bean
    CasdoorUserSync casdoorUserSync(
            CasdoorClient client, CasdoorProperties settings, AccountService accounts, WalletService wallets) {
        return new CasdoorUserSync(client, settings, accounts, wallets);
    }

    /** Without credentials the worker idles: jobs still queue up and run once the sync is configured. */
    @Bean
    SyncWorker casdoorSyncWorker(
            SyncJobs jobs, CasdoorUserSync sync, CasdoorProperties settings, MeterRegistry meters) {
        return new SyncWorker(jobs, sync, settings.enabled(), settings.sync(), meters);
    }

    @Bean
    CasdoorStatus casdoorStatus(CasdoorClient client, CasdoorProperties settings, SyncJobs jobs, MeterRegistry meters) {
        Gauge.builder("casdoor.sync.pending", jobs, j -> j.count(false)).register(meters);
        Gauge.builder("casdoor.sync.parked", jobs, j -> j.count(true)).register(meters);
        return new CasdoorStatus(client, settings, jobs);
    }
}
