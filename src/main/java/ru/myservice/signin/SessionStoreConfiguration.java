package ru.myservice.signin;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Puts {@link SessionStore} in front of Spring Session's table, for the session filter and for
 * {@link SessionDevices} alike. (Declaring a session repository bean of our own would switch off
 * Boot's JDBC session configuration, so the table's repository is wrapped as it is made.)
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    @Bean
    static BeanPostProcessor sessionStore() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JdbcIndexedSessionRepository table ? new SessionStore<>(table) : bean;
            }
        };
    }
}
