/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.wsauth.session;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.session.SessionRepository;
import org.springframework.util.Assert;

/**
 * Applies an {@link EndedSessionGuard} to every {@link SessionRepository} bean. The proxy
 * subclasses the repository's class (unless it is final), so code that injects the
 * concrete repository type keeps working.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class EndedSessionGuardPostProcessor extends AbstractAdvisingBeanPostProcessor {

	private static final long serialVersionUID = 1L;

	private static final Set<String> GUARDED_METHODS = Set.of("save", "deleteById", "findById");

	/**
	 * Create a post-processor.
	 * @param terminator supplies the terminator the guard uses, resolved on first use
	 */
	public EndedSessionGuardPostProcessor(Supplier<SessionTerminator> terminator) {
		this(terminator, () -> null, () -> null);
	}

	/**
	 * Create a post-processor whose guard also tells the session end monitor of saves and
	 * removes unreadable records of ended sessions.
	 * @param terminator supplies the terminator the guard uses, resolved on first use
	 * @param monitor supplies the session end monitor, or {@code null} when there is none
	 * @param recordRemover supplies the store's record remover, or {@code null} when
	 * there is none
	 */
	public EndedSessionGuardPostProcessor(Supplier<SessionTerminator> terminator,
			Supplier<@Nullable SessionEndMonitor> monitor, Supplier<@Nullable SessionRecordRemover> recordRemover) {
		Assert.notNull(terminator, "'terminator' must not be null");
		this.advisor = new DefaultPointcutAdvisor(new GuardedMethods(),
				new EndedSessionGuard(terminator, monitor, recordRemover));
		// Outermost: the guard sees every call, also those other advice would retry.
		setBeforeExistingAdvisors(true);
	}

	@Override
	protected boolean isEligible(Class<?> targetClass) {
		return SessionRepository.class.isAssignableFrom(targetClass);
	}

	@Override
	protected ProxyFactory prepareProxyFactory(Object bean, String beanName) {
		ProxyFactory proxyFactory = super.prepareProxyFactory(bean, beanName);
		proxyFactory.setProxyTargetClass(!Modifier.isFinal(bean.getClass().getModifiers()));
		return proxyFactory;
	}

	private static final class GuardedMethods extends StaticMethodMatcherPointcut {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return GUARDED_METHODS.contains(method.getName()) && method.getParameterCount() == 1;
		}

	}

}
