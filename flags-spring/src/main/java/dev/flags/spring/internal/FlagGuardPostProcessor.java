package dev.flags.spring.internal;

import dev.flags.spring.FlagEnabled;
import java.lang.reflect.Method;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.BeanFactory;

/**
 * Proxies the beans that use {@link FlagEnabled}, checking every named fallback first so that a wrong one fails
 * the start-up. Beans another aspect already proxies (transactions, caching) get the check added to their proxy,
 * ahead of the other advice; other beans get a class-based proxy, so controllers keep their handler methods.
 */
public final class FlagGuardPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    private final FlagGuards guards = new FlagGuards();

    public FlagGuardPostProcessor() {
        setProxyTargetClass(true);
        setBeforeExistingAdvisors(true);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        super.setBeanFactory(beanFactory);
        this.advisor = new DefaultPointcutAdvisor(new GuardedMethods(guards),
                new FlagGuardInterceptor(guards, beanFactory));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (guards.hasGuards(targetClass)) {
            guards.validate(targetClass, beanName);
        }
        return super.postProcessAfterInitialization(bean, beanName);
    }

    /** Matches the methods that have a guard, and only on classes that may have one. */
    private static final class GuardedMethods extends StaticMethodMatcherPointcut {
        private final FlagGuards guards;

        GuardedMethods(FlagGuards guards) {
            this.guards = guards;
            setClassFilter(guards::hasGuards);
        }

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return guards.guardFor(method, targetClass) != null;
        }
    }
}
