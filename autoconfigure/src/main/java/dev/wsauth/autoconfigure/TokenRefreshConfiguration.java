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

package dev.wsauth.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wsauth.token.TokenRefreshInterceptor;
import dev.wsauth.token.BearerTokenAuthenticator;

/**
 * Replacing the token of an open connection before it expires. Without a resource server
 * the interceptor only keeps tokens in refresh frames away from the broker.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "wsauth.token.refresh-enabled", matchIfMissing = true)
class TokenRefreshConfiguration {

	@Bean
	TokenRefreshInterceptor wsAuthTokenRefreshInterceptor(ObjectProvider<BearerTokenAuthenticator> bearerTokens,
			WsAuthProperties properties, BeanFactory beanFactory) {
		return new TokenRefreshInterceptor(bearerTokens.getIfUnique(), properties.getToken().getRefreshDestination(),
				WsAuthWiring.clientOutboundChannel(beanFactory));
	}

}
