package ru.myservice;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The personal-account service: sign-in, RUB wallet, top-ups and the Casdoor mirror. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MyServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MyServiceApplication.class, args);
    }

    /** The time as code that measures lifetimes reads it, so tests can move it instead of waiting. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
