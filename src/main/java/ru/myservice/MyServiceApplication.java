package ru.myservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The personal-account service: sign-in, RUB wallet, top-ups and the Casdoor mirror. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MyServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MyServiceApplication.class, args);
    }
}
