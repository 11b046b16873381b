package dev.flags.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Wraps a real data source to count what the store does with it: connections opened and closed, queries by
 * kind, definitions that travelled (non-null strings read from a flag query), query timeouts set. It can be
 * made to fail every connection, like a database that is down.
 */
final class CountingDataSource {

    private final DataSource target;
    private final DataSource proxy;

    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicLong loads = new AtomicLong();
    final AtomicLong reloads = new AtomicLong();
    final AtomicLong otherQueries = new AtomicLong();
    final AtomicLong definitionsRead = new AtomicLong();
    final List<Integer> queryTimeouts = new CopyOnWriteArrayList<>();
    volatile String downWith;

    CountingDataSource(DataSource target) {
        this.target = target;
        this.proxy = wrap(DataSource.class, target, (method, args) -> {
            if (method.getName().equals("getConnection")) {
                String failure = downWith;
                if (failure != null) {
                    throw new SQLTransientConnectionException(failure, "08001");
                }
                Connection connection = (Connection) invoke(target, method, args);
                opened.incrementAndGet();
                return connection(connection);
            }
            return invoke(target, method, args);
        });
    }

    DataSource dataSource() {
        return proxy;
    }

    DataSource target() {
        return target;
    }

    /** Every connection fails from now on with this message; null brings the database back. */
    void down(String message) {
        downWith = message;
    }

    long queries() {
        return loads.get() + reloads.get() + otherQueries.get();
    }

    void reset() {
        loads.set(0);
        reloads.set(0);
        otherQueries.set(0);
        definitionsRead.set(0);
        queryTimeouts.clear();
    }

    private Connection connection(Connection connection) {
        AtomicInteger closes = new AtomicInteger();
        return wrap(Connection.class, connection, (method, args) -> {
            switch (method.getName()) {
                case "close":
                    if (closes.getAndIncrement() == 0) {
                        closed.incrementAndGet();
                    }
                    return invoke(connection, method, args);
                case "prepareStatement":
                    PreparedStatement statement = (PreparedStatement) invoke(connection, method, args);
                    return statement(statement, (String) args[0]);
                default:
                    return invoke(connection, method, args);
            }
        });
    }

    private PreparedStatement statement(PreparedStatement statement, String sql) {
        boolean flagQuery = sql.startsWith("SELECT definition") || sql.startsWith("SELECT revision, CASE");
        return wrap(PreparedStatement.class, statement, (method, args) -> {
            switch (method.getName()) {
                case "setQueryTimeout":
                    queryTimeouts.add((Integer) args[0]);
                    return invoke(statement, method, args);
                case "executeQuery":
                    if (sql.startsWith("SELECT definition")) {
                        loads.incrementAndGet();
                    } else if (sql.startsWith("SELECT revision, CASE")) {
                        reloads.incrementAndGet();
                    } else {
                        otherQueries.incrementAndGet();
                    }
                    ResultSet result = (ResultSet) invoke(statement, method, args);
                    return flagQuery ? result(result) : result;
                default:
                    return invoke(statement, method, args);
            }
        });
    }

    private ResultSet result(ResultSet result) {
        return wrap(ResultSet.class, result, (method, args) -> {
            Object value = invoke(result, method, args);
            if (method.getName().equals("getString") && value != null) {
                definitionsRead.incrementAndGet();
            }
            return value;
        });
    }

    private interface Handler {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static <T> T wrap(Class<T> type, T target, Handler handler) {
        InvocationHandler invocation = (proxy, method, args) -> {
            if (method.getName().equals("toString") && method.getParameterCount() == 0) {
                return "Counting[" + target + "]";
            }
            return handler.handle(method, args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, invocation));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
