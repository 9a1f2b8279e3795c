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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.token.CredentialExpiryMonitor;
import dev.wsauth.token.BearerTokenAuthenticator;

/**
 * Bearer tokens, checked by the application's resource server, and closing the sockets
 * they opened when they expire.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(BearerTokenAuthenticationToken.class)
@ConditionalOnBooleanProperty(name = "wsauth.token.enabled", matchIfMissing = true)
class TokenConfiguration {

	@Bean
	CredentialExpiryMonitor wsAuthCredentialExpiryMonitor(ConnectionRegistry registry, WsAuthProperties properties) {
		WsAuthProperties.Token token = properties.getToken();
		return new CredentialExpiryMonitor(registry, token.getCheckInterval(), token.getExpiryGrace());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(OpaqueTokenIntrospector.class)
	BearerTokenAuthenticator wsAuthOpaqueBearerTokenAuthenticator(OpaqueTokenIntrospector introspector,
			ObjectProvider<OpaqueTokenAuthenticationConverter> converter) {
		OpaqueTokenAuthenticationProvider provider = new OpaqueTokenAuthenticationProvider(introspector);
		converter.ifUnique(provider::setAuthenticationConverter);
		return new BearerTokenAuthenticator(new ProviderManager(provider));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JwtDecoder.class)
	static class JwtConfiguration {

		/**
		 * Tokens are checked like the application's resource server checks them: its
		 * decoder and, when it declares one, its authentication converter.
		 */
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(JwtDecoder.class)
		BearerTokenAuthenticator wsAuthJwtBearerTokenAuthenticator(JwtDecoder jwtDecoder,
				ObjectProvider<JwtAuthenticationConverter> converter) {
			JwtAuthenticationProvider provider = new JwtAuthenticationProvider(jwtDecoder);
			converter.ifUnique(provider::setJwtAuthenticationConverter);
			return new BearerTokenAuthenticator(new ProviderManager(provider));
		}

	}

}
