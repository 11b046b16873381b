package dev.flags.test;

import dev.flags.DocumentProblem;
import dev.flags.FlagDocuments;
import dev.flags.model.FlagDefinition;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What a test declares with annotations: its documents, and the variant each annotated flag serves, resolved level
 * by level from the outermost enclosing class down to the method, a lower level beating a higher one.
 *
 * @param documents the documents, lowest layer first
 * @param settings  the variant each flag serves, by flag key
 */
record DeclaredFlags(List<Document> documents, Map<String, Setting> settings) {

    /** One flag set to one variant, with the annotation that did it, for error messages. */
    record Setting(String flag, String variant, String declaration) {
    }

    /** A {@link FlagDocument}'s location, with where it was declared. */
    record Document(String location, String declaration) {
    }

    static DeclaredFlags of(ExtensionContext context) {
        List<Document> documents = new ArrayList<>();
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (AnnotatedElement level : levels(context)) {
            AnnotationSupport.findAnnotation(level, FlagDocument.class).ifPresent(document ->
                    documents.add(new Document(document.value(),
                            "@FlagDocument(\"" + document.value() + "\") on " + describe(level))));
            settings.putAll(settingsOn(level));
        }
        return new DeclaredFlags(List.copyOf(documents), settings);
    }

    /**
     * The settings on one class or method, in declaration order.
     *
     * @throws ExtensionConfigurationException when one flag is set twice there
     */
    static Map<String, Setting> settingsOn(AnnotatedElement element) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        String where = " on " + describe(element);
        for (FlagOn on : AnnotationSupport.findRepeatableAnnotations(element, FlagOn.class)) {
            add(settings, new Setting(on.value(), "on", "@FlagOn(\"" + on.value() + "\")" + where));
        }
        for (FlagOff off : AnnotationSupport.findRepeatableAnnotations(element, FlagOff.class)) {
            add(settings, new Setting(off.value(), "off", "@FlagOff(\"" + off.value() + "\")" + where));
        }
        for (FlagVariant variant : AnnotationSupport.findRepeatableAnnotations(element, FlagVariant.class)) {
            add(settings, new Setting(variant.flag(), variant.variant(),
                    "@FlagVariant(flag = \"" + variant.flag() + "\", variant = \"" + variant.variant() + "\")" + where));
        }
        return settings;
    }

    private static void add(Map<String, Setting> settings, Setting setting) {
        checkKey(setting.flag(), setting.declaration());
        Setting earlier = settings.putIfAbsent(setting.flag(), setting);
        if (earlier != null) {
            throw new ExtensionConfigurationException("flag '" + setting.flag() + "' is set twice: by "
                    + earlier.declaration() + " and by " + setting.declaration() + "; keep one");
        }
    }

    /**
     * Fails when no document could ever define this key (a space, a '!', a blank), by the core's own rule, so a
     * typo cannot pass silently as a key nothing defines.
     *
     * @throws ExtensionConfigurationException naming the declaration and the rule
     */
    static void checkKey(String key, String declaration) {
        // The model's document, not this package's @FlagDocument annotation.
        List<DocumentProblem> problems = FlagDocuments.problems(
                dev.flags.model.FlagDocument.empty().withFlag(key, FlagDefinition.on()));
        if (!problems.isEmpty()) {
            throw new ExtensionConfigurationException(declaration + ": '" + key + "' can never be a flag key: "
                    + problems.stream().map(DocumentProblem::toString).collect(Collectors.joining("; ")));
        }
    }

    /** Enclosing classes, then the test class, each after its superclasses, then the method. */
    private static Set<AnnotatedElement> levels(ExtensionContext context) {
        Set<AnnotatedElement> levels = new LinkedHashSet<>();
        for (Class<?> enclosing : context.getEnclosingTestClasses()) {
            levels.addAll(hierarchy(enclosing));
        }
        context.getTestClass().ifPresent(testClass -> levels.addAll(hierarchy(testClass)));
        Optional<Method> method = context.getTestMethod();
        method.ifPresent(levels::add);
        return levels;
    }

    private static Deque<Class<?>> hierarchy(Class<?> type) {
        Deque<Class<?>> classes = new ArrayDeque<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            classes.addFirst(c);
        }
        return classes;
    }

    static String describe(AnnotatedElement element) {
        if (element instanceof Method method) {
            return "method " + name(method.getDeclaringClass()) + "." + method.getName() + "()";
        }
        return "class " + name((Class<?>) element);
    }

    private static String name(Class<?> type) {
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }
}
