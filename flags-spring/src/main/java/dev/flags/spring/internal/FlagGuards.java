package dev.flags.spring.internal;

import dev.flags.spring.FlagEnabled;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link FlagEnabled} guard of a method, and checks at start-up that every named fallback exists with
 * the same parameter types and a fitting return type. Thread-safe; results are cached per method and class.
 */
final class FlagGuards {

    private record Key(Method method, Class<?> targetClass) {
    }

    private final Map<Key, Optional<FlagGuard>> cache = new ConcurrentHashMap<>();
    private final Map<Class<?>, Boolean> guarded = new ConcurrentHashMap<>();

    /** The guard of this method when called on an instance of the target class, or null when it has none. */
    FlagGuard guardFor(Method method, Class<?> targetClass) {
        Class<?> userClass = ClassUtils.getUserClass(targetClass);
        return cache.computeIfAbsent(new Key(method, userClass), key -> Optional.ofNullable(resolve(method, userClass)))
                .orElse(null);
    }

    /** Whether the class, or one of its methods, carries the annotation (itself or through its hierarchy). */
    boolean hasGuards(Class<?> targetClass) {
        return guarded.computeIfAbsent(ClassUtils.getUserClass(targetClass), FlagGuards::annotated);
    }

    private static boolean annotated(Class<?> userClass) {
        if (!AnnotationUtils.isCandidateClass(userClass, FlagEnabled.class)) {
            return false;
        }
        if (MergedAnnotations.from(userClass, SearchStrategy.TYPE_HIERARCHY).isPresent(FlagEnabled.class)) {
            return true;
        }
        for (Method method : ReflectionUtils.getAllDeclaredMethods(userClass)) {
            if (MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).isPresent(FlagEnabled.class)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Resolves every guard of the class, so that a wrong fallback fails the start-up.
     *
     * @throws IllegalStateException naming the bean, method and fallback when one is wrong
     */
    void validate(Class<?> targetClass, String beanName) {
        Class<?> userClass = ClassUtils.getUserClass(targetClass);
        ReflectionUtils.doWithMethods(userClass, method -> {
            try {
                FlagGuard guard = guardFor(method, userClass);
                if (guard != null && !isProxyable(method)) {
                    throw new IllegalStateException("@FlagEnabled(\"" + guard.flagKey() + "\") on " + describe(method)
                            + " cannot be guarded: the method is " + (Modifier.isPrivate(method.getModifiers())
                                    ? "private" : Modifier.isStatic(method.getModifiers()) ? "static" : "final")
                            + ", so calls never pass through the bean's proxy"
                            + (AnnotatedElementUtils.hasAnnotation(method, FlagEnabled.class) ? ""
                                    : " (the class's @FlagEnabled covers every public method; make it not final,"
                                            + " or move it to another bean)"));
                }
            } catch (IllegalStateException e) {
                throw new IllegalStateException("Bean '" + beanName + "': " + e.getMessage(), e);
            }
        }, method -> !method.isBridge() && !method.isSynthetic() && method.getDeclaringClass() != Object.class);
    }

    private static FlagGuard resolve(Method method, Class<?> userClass) {
        Method specific = BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(method, userClass));
        if (specific.getDeclaringClass() == Object.class) {
            return null;
        }
        FlagEnabled annotation = AnnotatedElementUtils.findMergedAnnotation(specific, FlagEnabled.class);
        if (annotation == null) {
            FlagEnabled onClass = AnnotatedElementUtils.findMergedAnnotation(userClass, FlagEnabled.class);
            if (onClass == null || !Modifier.isPublic(specific.getModifiers())
                    || Modifier.isStatic(specific.getModifiers()) || ReflectionUtils.isObjectMethod(specific)
                    || isFallbackOf(onClass, specific) || !coveredByClassAnnotation(specific, userClass)) {
                return null;
            }
            annotation = onClass;
        }
        if (annotation.value().isBlank()) {
            throw new IllegalStateException("@FlagEnabled on " + describe(specific) + " names no flag key");
        }
        Method fallback = annotation.fallback().isEmpty() ? null : fallback(annotation, specific, userClass);
        return new FlagGuard(annotation.value(), fallback);
    }

    /**
     * Whether a class-level annotation covers this public method: one the annotated class (or a superclass that
     * carries the annotation itself) declares. A final method inherited from a framework's base class is not the
     * application's to guard, while a final method of the annotated class is an error (its calls cannot be
     * guarded), which {@link #validate} reports.
     */
    private static boolean coveredByClassAnnotation(Method method, Class<?> userClass) {
        Class<?> declaring = method.getDeclaringClass();
        return isProxyable(method) || declaring == userClass
                || AnnotatedElementUtils.hasAnnotation(declaring, FlagEnabled.class);
    }

    private static boolean isFallbackOf(FlagEnabled onClass, Method method) {
        return !onClass.fallback().isEmpty() && method.getName().equals(onClass.fallback());
    }

    private static Method fallback(FlagEnabled annotation, Method method, Class<?> userClass) {
        String name = annotation.fallback();
        Method fallback = ReflectionUtils.findMethod(userClass, name, method.getParameterTypes());
        String wanted = "@FlagEnabled(value = \"" + annotation.value() + "\", fallback = \"" + name + "\") on "
                + describe(method) + " needs a method " + name + "(" + parameters(method) + ") in "
                + userClass.getName();
        if (fallback == null) {
            throw new IllegalStateException(wanted + ", and there is none" + candidates(userClass, name));
        }
        if (Modifier.isStatic(fallback.getModifiers())) {
            throw new IllegalStateException(wanted + ", but " + describe(fallback) + " is static");
        }
        Class<?> returned = method.getReturnType();
        if (returned != void.class && !ClassUtils.isAssignable(returned, fallback.getReturnType())) {
            throw new IllegalStateException(wanted + " returning " + returned.getName() + ", but "
                    + describe(fallback) + " returns " + fallback.getReturnType().getName());
        }
        ReflectionUtils.makeAccessible(fallback);
        return fallback;
    }

    private static String candidates(Class<?> userClass, String name) {
        String found = Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(userClass))
                .filter(method -> method.getName().equals(name))
                .map(FlagGuards::describe)
                .collect(Collectors.joining(", "));
        return found.isEmpty() ? "" : " (found " + found + ")";
    }

    private static boolean isProxyable(Method method) {
        int modifiers = method.getModifiers();
        return !Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers);
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + parameters(method) + ")";
    }

    private static String parameters(Method method) {
        return Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "));
    }
}
