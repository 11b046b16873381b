package dev.flags.test;

import dev.flags.FeatureFlags;
import dev.flags.test.DeclaredFlags.Document;
import dev.flags.test.DeclaredFlags.Setting;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit Jupiter extension of the test kit. Register it with {@link FlagTest} or
 * {@code @ExtendWith(FlagsExtension.class)}; {@link FlagOn}, {@link FlagOff}, {@link FlagVariant},
 * {@link FlagDocument} and {@link VaryFlags} register it too.
 *
 * <p>Each test, and each invocation of a {@link VaryFlags} method, gets its own {@link TestFlags}: its own client,
 * built from the test's {@link FlagDocument}s, with the flags its annotations name forced by local overrides (the
 * method's beating the class's). Nothing is shared between tests, so tests running in parallel cannot see each
 * other's values, and a change made inside one test ends with it. The extension injects that instance as
 * <ul>
 *   <li>a parameter of type {@link FeatureFlags} or {@link TestFlags} of the test method, of {@code @BeforeEach}
 *       and {@code @AfterEach} methods, and of the test class's constructor (with the default per-method test
 *       instance lifecycle);</li>
 *   <li>every non-static, non-final field of those types of the test instance (and of its enclosing instances, for
 *       {@code @Nested} tests), set before {@code @BeforeEach} methods run.</li>
 * </ul>
 * and closes it after the test.
 *
 * <p>A declaration that cannot hold (a variant the flag does not have, a flag set twice at one level, a missing or
 * invalid document) fails the test with an {@link ExtensionConfigurationException} naming the annotation and where
 * it stands.
 */
public final class FlagsExtension implements BeforeEachCallback, ParameterResolver, TestTemplateInvocationContextProvider {

    private static final Namespace NAMESPACE = Namespace.create(FlagsExtension.class);

    /** The constructor of a per-method test instance gets the test's context, and so the test's flags. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestFlags flags = flagsFor(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : ReflectionSupport.findFields(instance.getClass(), FlagsExtension::injectable,
                    HierarchyTraversalMode.TOP_DOWN)) {
                try {
                    ReflectionSupport.makeAccessible(field).set(instance, valueFor(field.getType(), flags));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new ExtensionConfigurationException("could not inject the test's flags into field "
                            + field.getDeclaringClass().getSimpleName() + "." + field.getName(), e);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FeatureFlags.class || type == TestFlags.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("Each test has its own " + parameter.getParameter().getType()
                    .getSimpleName() + ", so it cannot be injected into " + parameter.getDeclaringExecutable()
                    + ", which serves no single test (a @BeforeAll method, or a constructor under"
                    + " @TestInstance(PER_CLASS)); take it as a parameter of the test method or of @BeforeEach,"
                    + " or as a field");
        }
        return valueFor(parameter.getParameter().getType(), flagsFor(context));
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), VaryFlags.class);
    }

    @Override
    public Stream<? extends TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
            ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        VaryFlags vary = AnnotationSupport.findAnnotation(method, VaryFlags.class).orElseThrow();
        return FlagCombination.of(vary, method).stream();
    }

    /** This test's flags: made on first use, from its annotations, and closed with its context. */
    static TestFlags flagsFor(ExtensionContext context) {
        // Keyed by the test's own id: a store answers from its parents' too, and the class's must never be shared.
        return context.getStore(NAMESPACE).computeIfAbsent(context.getUniqueId(), id -> create(context),
                TestFlags.class);
    }

    /** Forces one declared flag. */
    static void apply(TestFlags flags, Setting setting) {
        try {
            flags.variant(setting.flag(), setting.variant());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(setting.declaration() + ": " + e.getMessage(), e);
        }
    }

    private static TestFlags create(ExtensionContext context) {
        DeclaredFlags declared = DeclaredFlags.of(context);
        TestFlags.Builder builder = TestFlags.builder();
        for (Document document : declared.documents()) {
            add(builder, document);
        }
        TestFlags flags = builder.build();
        try {
            declared.settings().values().forEach(setting -> apply(flags, setting));
        } catch (RuntimeException e) {
            flags.close();
            throw e;
        }
        return flags;
    }

    private static void add(TestFlags.Builder builder, Document document) {
        String location = document.location();
        try {
            if (location.startsWith("file:")) {
                Path path = Path.of(location.substring("file:".length()));
                builder.layer(location, Files.readString(path, StandardCharsets.UTF_8));
            } else {
                builder.resource(location.startsWith("classpath:") ? location.substring("classpath:".length())
                        : location);
            }
        } catch (IOException | RuntimeException e) {
            String problem = e instanceof IOException ? "cannot read it: " + e : e.getMessage();
            throw new ExtensionConfigurationException(document.declaration() + ": " + problem, e);
        }
    }

    private static boolean injectable(Field field) {
        int modifiers = field.getModifiers();
        return !Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers)
                && (field.getType() == FeatureFlags.class || field.getType() == TestFlags.class);
    }

    private static Object valueFor(Class<?> type, TestFlags flags) {
        return type == TestFlags.class ? flags : flags.client();
    }
}
