package dev.flags.spring.internal;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.spring.FlagContextResolver;
import dev.flags.spring.FlagDisabledException;
import java.lang.reflect.InvocationTargetException;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;

/**
 * Checks the flag of a {@code @FlagEnabled} method before it runs, and tells {@link ErrorTracking} when the method
 * or its fallback throws (with the context the flag was evaluated for; the exception goes on unchanged). The
 * client, the resolver and the tracking are looked up on first use, so that this interceptor, created with the
 * post-processors, does not pull them in early.
 */
final class FlagGuardInterceptor implements MethodInterceptor {

    private final FlagGuards guards;
    private final BeanFactory beanFactory;
    private volatile FeatureFlags flags;
    private volatile FlagContextResolver resolver;
    private volatile ErrorTracking errors;

    FlagGuardInterceptor(FlagGuards guards, BeanFactory beanFactory) {
        this.guards = guards;
        this.beanFactory = beanFactory;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        FlagGuard guard = target == null ? null : guards.guardFor(invocation.getMethod(), AopUtils.getTargetClass(target));
        if (guard == null) {
            return invocation.proceed();
        }
        FlagContext context = resolver().currentContext();
        boolean on = flags().isEnabled(guard.flagKey(), context);
        if (!on && guard.fallback() == null) {
            throw new FlagDisabledException(guard.flagKey());
        }
        try {
            return on ? invocation.proceed() : fallback(guard, target, invocation.getArguments());
        } catch (Throwable e) {
            errors().methodFailed(context);
            throw e;
        }
    }

    private static Object fallback(FlagGuard guard, Object target, Object[] arguments) throws Throwable {
        try {
            return guard.fallback().invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private FeatureFlags flags() {
        FeatureFlags current = flags;
        if (current == null) {
            current = beanFactory.getBean(FeatureFlags.class);
            flags = current;
        }
        return current;
    }

    private ErrorTracking errors() {
        ErrorTracking current = errors;
        if (current == null) {
            current = beanFactory.getBean(ErrorTracking.class);
            errors = current;
        }
        return current;
    }

    private FlagContextResolver resolver() {
        FlagContextResolver current = resolver;
        if (current == null) {
            current = beanFactory.getBean(FlagContextResolver.class);
            resolver = current;
        }
        return current;
    }
}
