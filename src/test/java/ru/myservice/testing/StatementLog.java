package ru.myservice.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Records every SQL statement the application sends through its {@link DataSource}, in order, so a
 * test can count the round trips a page costs and name them.
 */
public final class StatementLog {

    private static final Set<String> EXECUTIONS = Set.of(
            "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final List<String> executed = new ArrayList<>();
    private DataSource target;

    /** Wraps the application's data source as it is created. */
    public void attachTo(SpringApplicationBuilder builder) {
        builder.initializers(context -> ((ConfigurableApplicationContext) context)
                .getBeanFactory()
                .addBeanPostProcessor(new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String name) {
                        return bean instanceof DataSource dataSource ? wrap(dataSource) : bean;
                    }
                }));
    }

    /** The data source as the pool built it, for what the wrapper does not pass on. */
    public DataSource target() {
        return target;
    }

    /** Forgets what was recorded so far. */
    public synchronized void clear() {
        executed.clear();
    }

    /** The statements since the last {@link #clear()}, oldest first. */
    public synchronized List<String> statements() {
        return List.copyOf(executed);
    }

    private synchronized void record(String sql) {
        executed.add(sql.strip().replaceAll("\\s+", " "));
    }

    private DataSource wrap(DataSource dataSource) {
        target = dataSource;
        return proxy(DataSource.class, dataSource, (method, args, result) -> {
            if (result instanceof Connection connection) {
                return proxy(Connection.class, connection, this::connectionCall);
            }
            return result;
        });
    }

    private Object connectionCall(Method method, Object[] args, Object result) {
        if (result instanceof Statement statement) {
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
            Class<? extends Statement> type = method.getReturnType().asSubclass(Statement.class);
            return proxy(type, statement, (call, callArgs, callResult) -> {
                if (EXECUTIONS.contains(call.getName())) {
                    record(
                            callArgs != null && callArgs.length > 0 && callArgs[0] instanceof String text
                                    ? text
                                    : String.valueOf(sql));
                }
                return callResult;
            });
        }
        return result;
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return method.invoke(target, args);
            }
            // Executing is recorded before the call, so a failing statement still counts.
            if (EXECUTIONS.contains(method.getName())) {
                after.apply(method, args, null);
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
