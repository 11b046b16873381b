package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagContext;
import dev.flags.spring.internal.DefaultFlagContextResolver;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class DefaultFlagContextResolverTest {

    private static final ClassLoader LOADER = DefaultFlagContextResolverTest.class.getClassLoader();

    private final MockHttpServletRequest request = new MockHttpServletRequest();

    @AfterEach
    void clear() {
        RequestContextHolder.resetRequestAttributes();
        SecurityContextHolder.clearContext();
    }

    @Test
    void isAnonymousOutsideARequest() {
        assertThat(resolver(Map.of(), Map.of()).currentContext()).isEqualTo(FlagContext.anonymous());
    }

    @Test
    void takesTheKeyFromTheHeader() {
        request.addHeader("X-User-Id", "user-42");
        inRequest();
        assertThat(resolver(Map.of(), Map.of()).currentContext()).isEqualTo(FlagContext.of("user-42"));
    }

    @Test
    void prefersTheAuthenticatedPrincipal() {
        request.addHeader("X-User-Id", "user-42");
        inRequest();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "alice", "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
        assertThat(resolver(Map.of(), Map.of()).currentContext().key()).isEqualTo("alice");
    }

    @Test
    void usesThePrincipalOutsideARequestToo() {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "job-runner", "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
        assertThat(resolver(Map.of(), Map.of()).currentContext()).isEqualTo(FlagContext.of("job-runner"));
    }

    @Test
    void ignoresAnAnonymousAuthentication() {
        request.addHeader("X-User-Id", "user-42");
        inRequest();
        SecurityContextHolder.getContext().setAuthentication(new AnonymousAuthenticationToken("key",
                "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
        assertThat(resolver(Map.of(), Map.of()).currentContext().key()).isEqualTo("user-42");
    }

    @Test
    void ignoresThePrincipalWhenToldTo() {
        request.addHeader("X-User-Id", "user-42");
        inRequest();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "alice", "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
        DefaultFlagContextResolver resolver = new DefaultFlagContextResolver(
                new FlagsProperties.Context("X-User-Id", false, Map.of(), Map.of()), LOADER);
        assertThat(resolver.currentContext().key()).isEqualTo("user-42");
    }

    @Test
    void ignoresSpringSecurityWhenItIsNotThere() {
        request.addHeader("X-User-Id", "user-42");
        inRequest();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "alice", "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
        DefaultFlagContextResolver resolver = new DefaultFlagContextResolver(
                new FlagsProperties.Context("X-User-Id", true, Map.of(), Map.of()),
                new FilteredClassLoader("org.springframework.security"));
        assertThat(resolver.currentContext().key()).isEqualTo("user-42");
    }

    @Test
    void readsTheConfiguredHeader() {
        request.addHeader("X-User-Id", "user-42");
        request.addHeader("X-Customer", "customer-7");
        inRequest();
        DefaultFlagContextResolver resolver = new DefaultFlagContextResolver(
                new FlagsProperties.Context("X-Customer", true, Map.of(), Map.of()), LOADER);
        assertThat(resolver.currentContext().key()).isEqualTo("customer-7");
    }

    @Test
    void addsAttributesFromHeadersAndRequestAttributes() {
        request.addHeader("X-User-Id", "user-42");
        request.addHeader("X-Country", "NL");
        request.setAttribute("userPlan", "pro");
        request.setAttribute("userAge", 31);
        request.setAttribute("groups", List.of("admins", "eu"));
        request.setAttribute("odd", new StringBuilder("text"));
        inRequest();
        FlagContext context = resolver(Map.of("country", "X-Country", "missing", "X-Missing"),
                Map.of("plan", "userPlan", "age", "userAge", "groups", "groups", "odd", "odd")).currentContext();
        assertThat(context.key()).isEqualTo("user-42");
        assertThat(context.attributes()).containsEntry("country", "NL").containsEntry("plan", "pro")
                .containsEntry("age", 31L).containsEntry("odd", "text").doesNotContainKey("missing");
        assertThat(context.get("groups")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("admins", "eu");
    }

    private DefaultFlagContextResolver resolver(Map<String, String> headers, Map<String, String> attributes) {
        return new DefaultFlagContextResolver(new FlagsProperties.Context("X-User-Id", true, headers, attributes),
                LOADER);
    }

    private void inRequest() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }
}
