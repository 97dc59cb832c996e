package ru.myservice.signin;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

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

    /** The session table's values in the form {@link SessionValues} gives them. */
    @Bean
    ConversionService springSessionConversionService() {
        var values = new SessionValues(SessionValues.class.getClassLoader());
        var conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, values::write);
        conversions.addConverter(byte[].class, Object.class, values::read);
        return conversions;
    }

    /**
     * The session table's reads and writes join the transaction a request already runs in (a page's,
     * see {@code PageTransaction} in the web module) rather than each taking a transaction of their
     * own, as Spring Session's default does; without one, each still gets its own.
     */
    @Bean
    TransactionOperations springSessionTransactionOperations(PlatformTransactionManager transactions) {
        return new TransactionTemplate(transactions);
    }
}
